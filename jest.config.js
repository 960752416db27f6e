// Tests are transpiled by swc without type-checking (as tools/register.js runs the sources); `npm test`
// type-checks first with tsc.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        swcrc: false,
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/support/warm-caches.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
  // Child processes and servers: a slow 2-core CI machine gets room, a hang still fails.
  testTimeout: 20000,
  // The CLI tests mostly wait on child processes: one worker per core (jest's default leaves one idle).
  maxWorkers: '100%',
  // test.concurrent (child processes that mostly wait): five at a time, so a 2-core machine is not swamped.
  maxConcurrency: 5,
};
