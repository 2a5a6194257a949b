import { exitOnStartFailure, serve } from './server.ts';

/** `npm start` and `node dist/main.js`: the server, with the roles of CASSA_ROLES (every role by default). */
serve(process.env).catch(exitOnStartFailure);
