/**
 * `npm run build`: the production artifact in dist/. The entry points are compiled to plain JavaScript (one ES module
 * each; node_modules stay external), the workflows are bundled once into dist/workflow-bundle.js (what production
 * workers load and `npm run replay -- --bundle` replays), and dist/build-info.json stamps the build id that workers
 * announce to Temporal. Types are checked by `npm run typecheck` (tsc), which `npm run build` runs first.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { currentBuild } from '../src/temporal/deployment';
import { writeWorkflowBundle } from '../src/temporal/workflow-bundle';
import { projectRoot } from '../src/lib/project-root';

const root = projectRoot(import.meta.dirname);
const dist = join(root, 'dist');
const stamp = currentBuild(process.env.TEMPORAL_BUILD_ID);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: ['main-api', 'main-worker', 'main-migrate', 'cli/main'].map((e) => join(root, 'src', `${e}.ts`)),
  outdir: dist,
  outbase: join(root, 'src'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
const bundle = await writeWorkflowBundle(join(dist, 'workflow-bundle.js'));
// Workers and clients load the failure converter by path, next to the module that names it.
copyFileSync(join(root, 'src', 'temporal', 'failure-converter.cjs'), join(dist, 'failure-converter.cjs'));
writeFileSync(join(dist, 'build-info.json'), `${JSON.stringify(stamp, null, 2)}\n`);
process.stdout.write(
  `built ${stamp.buildId}: dist/main-api.js, dist/main-worker.js, dist/main-migrate.js, dist/cli/main.js, ${bundle.replace(`${root}/`, '')}\n`,
);
