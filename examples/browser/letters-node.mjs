// The library example in Node: train the letters autoencoder, encode, decode, save and revive.
//   node examples/browser/letters-node.mjs
import { saveAndRevive, trainLetters } from './letters.js';

const { model, data, history } = await trainLetters({ seed: 1, epochs: 400 });
const codes = model.encode(data);
const back = model.decode(codes);
let wrong = 0;
for (let i = 0; i < back.data.length; i++) if (back.data[i] > 0.5 !== data.data[i] > 0.5) wrong++;
const { json, weights, revived } = saveAndRevive(model);
const again = revived.encode(data);
const same = again.data.every((v, i) => v === codes.data[i]);
console.log(`trained ${history.length} epochs, final loss ${history.at(-1)?.toPrecision(4)}; ${wrong} wrong pixels over 32 glyphs`);
console.log(`glyph 'a' at (${codes.data[2 * 1 + 0].toFixed(3)}, ${codes.data[2 * 1 + 1].toFixed(3)}); saved ${json.length} + ${weights.length} bytes; revived codes ${same ? 'identical' : 'DIFFERENT'}`);
if (!same) process.exit(1);
