import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseServices, dockerEndpoint, dockerEngineAnswers } from './test-services';

describe(chooseServices.name, () => {
  it.each([
    [{}, true, 'containers'],
    [{}, false, 'local'],
    [{ POSTROOM_TESTCONTAINERS: '' }, false, 'local'],
    [{ POSTROOM_TESTCONTAINERS: '1' }, false, 'containers'],
    [{ POSTROOM_TESTCONTAINERS: '1' }, true, 'containers'],
    [{ POSTROOM_TESTCONTAINERS: '0' }, true, 'local'],
  ])('with %j and an engine answering: %s, picks %s', (env, engine, kind) => {
    expect(chooseServices(env, engine).kind).toBe(kind);
  });

  it('says why, so the one line printed at start explains the choice', () => {
    expect(chooseServices({}, false).why).toMatch(/no Docker engine answers/);
    expect(chooseServices({ POSTROOM_TESTCONTAINERS: '1' }, false).why).toBe('POSTROOM_TESTCONTAINERS=1');
  });

  it('refuses a value it does not understand instead of guessing', () => {
    expect(() => chooseServices({ POSTROOM_TESTCONTAINERS: 'yes' }, true)).toThrow(/expected 1, 0 or unset/);
  });
});

describe(dockerEndpoint.name, () => {
  it.each([
    [{}, { socketPath: '/var/run/docker.sock' }],
    [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, { socketPath: '/run/user/1000/docker.sock' }],
    [{ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, { host: '10.0.0.5', port: 2376 }],
    [{ DOCKER_HOST: 'tcp://docker' }, { host: 'docker', port: 2375 }],
  ])('reads %j as %j', (env, endpoint) => {
    expect(dockerEndpoint(env)).toEqual(endpoint);
  });
});

describe(dockerEngineAnswers.name, () => {
  let dir: string;
  let server: Server | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-docker-'));
  });

  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function engine(status: number): Promise<string> {
    const socketPath = path.join(dir, 'docker.sock');
    server = createServer((req, res) => {
      res.statusCode = req.url === '/_ping' ? status : 404;
      res.end('OK');
    });
    await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
    return socketPath;
  }

  it('is false when no socket exists (this machine: the docker client, no engine)', async () => {
    await expect(dockerEngineAnswers({ DOCKER_HOST: `unix://${dir}/none.sock` })).resolves.toBe(false);
  });

  it('is true when an engine answers /_ping on the socket', async () => {
    const socket = await engine(200);

    await expect(dockerEngineAnswers({ DOCKER_HOST: `unix://${socket}` })).resolves.toBe(true);
  });

  it('is false when something else listens there and answers an error', async () => {
    const socket = await engine(500);

    await expect(dockerEngineAnswers({ DOCKER_HOST: `unix://${socket}` })).resolves.toBe(false);
  });
});
