/**
 * Exit codes: 0 success, 1 a failure while running, 2 bad input (found before anything runs,
 * except what a stage can only see while running, such as a model of the wrong shape).
 * Kept free of imports: main.ts loads this before deciding whether anything heavy is needed.
 */
export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** Interrupted by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal's number, as shells report it. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;
