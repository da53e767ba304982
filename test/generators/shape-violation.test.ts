import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SHAPES, violationsOf, type ShapeId } from '../../specs/index.js';
import { SHAPES_WITH_OWN_GENERATORS, shapeViolation, shapeViolationLabels } from '../../generators/shape-violation.js';
import { checkLengthOnly, checkValidity, lengthsOf, must, serverView } from './support/oracle.js';

const kinds = (shape: (typeof SHAPES)[ShapeId], value: string) => violationsOf(shape, value).map((v) => v.kind).sort().join(',');
const IDS = (Object.keys(SHAPES) as ShapeId[]).filter((id) => !SHAPES_WITH_OWN_GENERATORS.includes(id));

describe.each(IDS)('shapeViolation(%s): every label proven by the oracle', (id) => {
  const shape = SHAPES[id];
  it('2000 values each break exactly the constraint their label names, and no label outside the declared ones', () => {
    const declared = shapeViolationLabels(id);
    fc.assert(
      fc.property(shapeViolation(id), ({ label, text }) => {
        must(declared.includes(label), `undeclared label ${label}`);
        if (shape.kind === 'enum') return must(kinds(shape, text) === 'enum', `${label}: violations ${kinds(shape, text)}`);
        if (shape.kind === 'integer') return must(kinds(shape, text) === label.replace('invalid:', ''), `${label} ${JSON.stringify(text)}: violations ${kinds(shape, text)}`);
        checkValidity(shape, label, text);
        if (label === 'invalid:too-short') return checkLengthOnly(shape, text, 'short');
        if (label === 'invalid:too-long') return checkLengthOnly(shape, text, 'long');
        if (label === 'invalid:empty') return must(text === '' && kinds(shape, text) === 'length', 'empty: not the empty value, or not length only');
        must(label === 'invalid:pattern', `unknown label ${label}`);
        // The pattern alone, as sent and as the server decodes it, inside the length bounds in every unit.
        must(kinds(shape, text) === 'pattern', `pattern: violations ${kinds(shape, text)}`);
        must(kinds(shape, serverView(text)) === 'pattern', `pattern: as decoded by the server, violations ${kinds(shape, serverView(text))}`);
        for (const n of lengthsOf(text)) must(n >= shape.min && (shape.max === undefined || n <= shape.max), `pattern: a length of ${n} is out of ${shape.min}..${shape.max}`);
      }),
      { numRuns: 2000 },
    );
  });
});
