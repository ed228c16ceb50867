// Verifies a Sigstore bundle signed with a bare key (no transparency log, no timestamps) with @sigstore/verify, the
// Sigstore project's own verifier, so the archive's signatures are checked by code that is not Stele's.
// Usage: node verify-bundle.mjs <bundle.json> <public-key.pem>
// Prints the verified in-toto statement (JSON) on success; exits 1 with the reason otherwise.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const [bundlePath, keyPath] = process.argv.slice(2);
try {
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  const pem = readFileSync(keyPath, 'utf8');
  // model_signing names the key by the hex SHA-256 of its PEM: only that key is trusted, for all time.
  const keyId = createHash('sha256').update(pem).digest('hex');
  const keys = (hint) => {
    if (hint !== keyId) {
      throw new Error(`the bundle names key ${hint}, not the given key ${keyId}`);
    }
    return { publicKey: createPublicKey(pem), validFor: () => true };
  };
  const root = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
  // A key-signed bundle carries no log entry, SCT or timestamp: require none.
  const verifier = new Verifier(toTrustMaterial(root, keys), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle));
  const envelope = bundle.content.dsseEnvelope;
  process.stdout.write(JSON.stringify({
    payloadType: envelope.payloadType,
    statement: JSON.parse(Buffer.from(envelope.payload).toString('utf8')),
  }));
} catch (e) {
  process.stderr.write(`not verified: ${e.message}\n`);
  process.exit(1);
}
