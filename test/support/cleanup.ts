// Removes the temp folders and TLS material a test file made (see project.ts and tls.ts) once it is done.
import { removeTempDirs } from './project';
import { disposeTestTls } from './tls';

afterAll(() => {
  removeTempDirs();
  disposeTestTls();
});
