// Copies what tsc does not: the console's Handlebars views and stylesheet, beside their compiled code.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
for (const dir of ['apps/scheduler/src/console/views']) {
  fs.cpSync(path.join(root, dir), path.join(root, 'dist', dir), { recursive: true });
}
