/**
 * Starts the real server from the built jar on a free port, for the tests.
 *   SWITCHBOARD_JAR   the jar (default ../server/target/switchboard.jar)
 *   SWITCHBOARD_JAVA  a java binary 21+ (default: JAVA_HOME, then /usr/lib/jvm/*, then PATH)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const JAR = process.env.SWITCHBOARD_JAR ? resolve(process.env.SWITCHBOARD_JAR) : join(root, 'server/target/switchboard.jar');

let java;

/** @returns {string} a java binary of version 21 or newer */
export function findJava() {
  if (java) return java;
  const candidates = [];
  if (process.env.SWITCHBOARD_JAVA) candidates.push(process.env.SWITCHBOARD_JAVA);
  if (process.env.JAVA_HOME) candidates.push(join(process.env.JAVA_HOME, 'bin/java'));
  for (const dir of ['/usr/lib/jvm', '/opt/java']) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort().reverse()) candidates.push(join(dir, name, 'bin/java'));
  }
  candidates.push('java');
  for (const candidate of candidates) {
    const out = spawnSync(candidate, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
    const match = /java\.specification\.version = (\d+)/.exec(out.stderr ?? '');
    if (match && Number(match[1]) >= 21) return (java = candidate);
  }
  throw new Error('no JDK 21 or newer found: set SWITCHBOARD_JAVA or JAVA_HOME');
}

/**
 * @typedef {object} RunningServer
 * @property {number} port
 * @property {string} http e.g. http://127.0.0.1:1234
 * @property {string} ws e.g. ws://127.0.0.1:1234/ws
 * @property {(signal?: NodeJS.Signals) => Promise<void>} stop SIGTERM (graceful) by default
 * @property {() => string} output what the server printed so far
 */

/**
 * @param {string[]} [args] extra flags, e.g. ['--event-log-size', '5']
 * @param {{port?: number, env?: Record<string, string>}} [options] a fixed port (for a restart on
 *   the same one); extra environment variables (e.g. SWITCHBOARD_JWT_SECRET)
 * @returns {Promise<RunningServer>}
 */
export function startServer(args = [], { port = 0, env = {} } = {}) {
  if (!existsSync(JAR)) throw new Error(`no jar at ${JAR}: build it with mvn -pl server -am package -DskipTests`);
  const child = spawn(findJava(), ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-jar', JAR, '--host', '127.0.0.1', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const exited = new Promise((done) => child.once('exit', done));
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 30 s:\n${output}`));
    }, 30000);
    const onData = (chunk) => {
      output += chunk;
      const match = /Switchboard listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const actual = Number(match[1]);
      resolvePort({
        port: actual,
        http: `http://127.0.0.1:${actual}`,
        ws: `ws://127.0.0.1:${actual}/ws`,
        output: () => output,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}
