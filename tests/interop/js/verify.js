// Checks every bundle of a policypress transparency folder with
// @sigstore/verify: the P-256 message signature (public-key trust material)
// and the log entry, whose inclusion proof and Ed25519 checkpoint are
// checked against the log's key as a trusted transparency log.
//
// usage: node verify.js TRANSPARENCY_DIR        exit 0: every bundle verified
//        node verify.js --tsa CHAIN.pem TRANSPARENCY_DIR
//            also requires an RFC 3161 timestamp in every bundle from the
//            timestamp authority whose chain (its certificate first, its
//            root last) is CHAIN.pem (timestampThreshold: 1)
//        node verify.js --self-test TRANSPARENCY_DIR
//            also makes tampered copies (artifact byte, bundle signature,
//            inclusion proof hash, checkpoint) and expects each to fail.
//        node verify.js --pair ARTIFACT BUNDLE LOG_VKEY PUBLISHER_PUB
//            one artifact and its bundle as a reader downloaded them, with
//            the two keys (exit 0: verified, 1: not).
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// The certificates of a PEM file, DER each, in file order.
function pemCerts(file) {
  const text = fs.readFileSync(file, 'utf8');
  const re = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g;
  const out = [];
  let m;
  while ((m = re.exec(text)) !== null) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  if (out.length === 0) throw new Error(`${file} holds no certificate`);
  return out;
}

function trust(dir, tsaChains) {
  return trustKeys(path.join(dir, 'log.vkey'), path.join(dir, 'publisher.pub'), tsaChains);
}

function trustKeys(vkeyFile, pubFile, tsaChains = []) {
  // log.vkey: <name>+<hex key id>+<base64(0x01 || key)>
  const vkey = fs.readFileSync(vkeyFile, 'utf8').trim();
  // The base64 part may itself contain '+': split at the first two only.
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  const name = vkey.slice(0, first);
  const b64 = vkey.slice(second + 1);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== 1) throw new Error('log.vkey is not an Ed25519 note key');
  const edKey = raw.subarray(1);
  const logId = crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([1]), edKey]))
    .digest();
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://' + name,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: Buffer.concat([ED25519_SPKI_PREFIX, edKey]).toString('base64'),
          keyDetails: 'PKIX_ED25519',
          validFor: { start: '1970-01-01T00:00:00Z' },
        },
        logId: { keyId: logId.toString('base64') },
      },
    ],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: tsaChains.map((file, k) => ({
      subject: { organization: 'test', commonName: `tsa ${k}` },
      uri: `https://tsa-${k}.invalid`,
      certChain: { certificates: pemCerts(file).map((der) => ({ rawBytes: der.toString('base64') })) },
      validFor: { start: '1970-01-01T00:00:00Z' },
    })),
  });
  const pem = fs.readFileSync(pubFile, 'utf8');
  const der = crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' });
  const hint = crypto.createHash('sha256').update(der).digest('hex');
  const keys = { [hint]: { rawBytes: der, keyDetails: 'PKIX_ECDSA_P256_SHA_256' } };
  // Without --tsa no timestamps are asked for (the key is trusted for all
  // time); with it, one verified RFC 3161 timestamp per bundle.
  return new Verifier(toTrustMaterial(root, keys), {
    tlogThreshold: 1,
    ctlogThreshold: 0,
    timestampThreshold: tsaChains.length > 0 ? 1 : 0,
  });
}

function verifyOne(verifier, bundleJSON, artifact) {
  const bundle = bundleFromJSON(bundleJSON);
  verifier.verify(toSignedEntity(bundle, artifact));
}

function pair(args) {
  if (args.length !== 4) {
    console.error('usage: node verify.js --pair ARTIFACT BUNDLE LOG_VKEY PUBLISHER_PUB');
    process.exit(2);
  }
  const [artifactFile, bundleFile, vkeyFile, pubFile] = args;
  const verifier = trustKeys(vkeyFile, pubFile);
  try {
    const bundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8'));
    verifyOne(verifier, bundle, fs.readFileSync(artifactFile));
  } catch (err) {
    console.log(`FAILED  ${bundleFile}: ${err.message}`);
    process.exit(1);
  }
  console.log(`ok      ${artifactFile} with ${bundleFile}`);
  process.exit(0);
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--pair') return pair(args.slice(1));
  const tsaChains = [];
  while (args[0] === '--tsa') {
    tsaChains.push(args[1]);
    args.splice(0, 2);
  }
  const selfTest = args[0] === '--self-test';
  const dir = selfTest ? args[1] : args[0];
  if (!dir) {
    console.error('usage: node verify.js [--self-test] TRANSPARENCY_DIR');
    process.exit(2);
  }
  const verifier = trust(dir, tsaChains);
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  let failed = 0;
  for (const e of index.entries) {
    const artifact = fs.readFileSync(path.join(dir, e.artifact));
    const bundle = JSON.parse(fs.readFileSync(path.join(dir, e.bundle), 'utf8'));
    try {
      verifyOne(verifier, bundle, artifact);
      console.log(`ok      #${e.index} ${e.bundle}`);
    } catch (err) {
      failed++;
      console.log(`FAILED  #${e.index} ${e.bundle}: ${err.message}`);
    }
  }
  if (index.entries.length === 0) {
    console.log('FAILED  the index lists no entries');
    failed++;
  }
  if (selfTest && index.entries.length > 0) {
    const e = index.entries[index.entries.length - 1];
    const artifact = fs.readFileSync(path.join(dir, e.artifact));
    const good = JSON.parse(fs.readFileSync(path.join(dir, e.bundle), 'utf8'));
    const tampered = [];
    const flipB64 = (s) => {
      const b = Buffer.from(s, 'base64');
      b[b.length - 1] ^= 1;
      return b.toString('base64');
    };
    const a = Buffer.from(artifact);
    a[Math.floor(a.length / 2)] ^= 1;
    tampered.push(['changed artifact byte', good, a]);
    const sig = structuredClone(good);
    sig.messageSignature.signature = flipB64(sig.messageSignature.signature);
    tampered.push(['changed bundle signature', sig, artifact]);
    const proof = structuredClone(good);
    const p = proof.verificationMaterial.tlogEntries[0].inclusionProof;
    if (p.hashes.length > 0) {
      p.hashes[0] = flipB64(p.hashes[0]);
      tampered.push(['changed inclusion proof hash', proof, artifact]);
    }
    const cp = structuredClone(good);
    const cpp = cp.verificationMaterial.tlogEntries[0].inclusionProof;
    const root = Buffer.from(cpp.rootHash, 'base64');
    root[0] ^= 1;
    const lines = cpp.checkpoint.envelope.split('\n');
    lines[2] = root.toString('base64');
    cpp.checkpoint.envelope = lines.join('\n');
    cpp.rootHash = root.toString('base64');
    tampered.push(['checkpoint with another root, old signature', cp, artifact]);
    const body = structuredClone(good);
    const te = body.verificationMaterial.tlogEntries[0];
    const b = Buffer.from(te.canonicalizedBody, 'base64');
    te.canonicalizedBody = Buffer.from(b.toString('utf8').replace('"0.0.2"', '"0.0.2" ')).toString('base64');
    tampered.push(['changed log entry body', body, artifact]);
    for (const [what, bundle, art] of tampered) {
      try {
        verifyOne(verifier, bundle, art);
        failed++;
        console.log(`FAILED  tampered copy accepted: ${what}`);
      } catch (err) {
        console.log(`ok      tampered copy rejected: ${what} (${err.message})`);
      }
    }
  }
  console.log(failed === 0 ? 'all bundles verified' : `${failed} failure(s)`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
