// Entry of the server benchmark's child process (see server-child.ts).
import { serveChild } from './server-child.ts';

await serveChild();
