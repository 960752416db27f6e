// Removes the temp folders a test file made (see tempDir in project.ts) once the file is done.
import { removeTempDirs } from './project';

afterAll(() => removeTempDirs());
