/** The project root (the directory of cpslint's package.json), wherever the bundled test runs from. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'cpslint') return dir;
    if (dirname(dir) === dir) throw new Error(`no cpslint package.json above ${__dirname}`);
  }
}
