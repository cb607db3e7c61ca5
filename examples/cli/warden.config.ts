// The same kind of config in TypeScript: typed by defineConfig, and free to use code, such as a
// `run` check. Run it with: npx warden check --config examples/cli/warden.config.ts
import { defineConfig } from '@warden/cli';

const MIN_NODE_MAJOR = 20;

export default defineConfig(({ command }) => ({
  assets: [{ id: 'self', kind: 'host', address: '127.0.0.1' }],
  collect: [{ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' }],
  checks: [
    {
      id: 'disk',
      assets: { ids: ['self'] },
      metric: 'system.filesystem.utilization',
      warn: '>0.9',
      crit: '>0.95',
    },
    {
      id: 'node-version',
      description: `the Node.js running warden ${command} is supported`,
      assets: { ids: ['self'] },
      run: () => {
        const major = Number(process.versions.node.split('.')[0]);
        return major >= MIN_NODE_MAJOR
          ? { status: 'ok', summary: `Node.js ${process.version}` }
          : { status: 'warning', summary: `Node.js ${process.version} is older than ${MIN_NODE_MAJOR}` };
      },
    },
  ],
}));
