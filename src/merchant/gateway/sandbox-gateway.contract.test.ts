import { testDatabaseKinds } from '../../db/test-databases.ts';
import { describeGatewayContract } from './gateway-contract.ts';
import { openSandboxGatewayKit } from './testing/sandbox-gateway-kit.ts';

/** The gateway contract against a real Banca Sandbox over HTTP, on each database the bank can run on. */
for (const kind of testDatabaseKinds()) {
  describeGatewayContract(`the sandbox bank adapter on ${kind}`, () => openSandboxGatewayKit(kind));
}
