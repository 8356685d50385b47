/** `npm run install-temporal`; also the first step of `npm test` and .ci/run, so a fresh clone needs no extra step. */
import { ensureTemporalBinaries } from '../src/temporal/install';

const found = ensureTemporalBinaries((line) => process.stderr.write(`${line}\n`));
for (const [kind, exe] of Object.entries(found)) {
  process.stderr.write(
    `temporal ${kind}: ${exe.type === 'existing-path' ? `${exe.path} (${exe.source})` : "the SDK's cached download"}\n`,
  );
}
