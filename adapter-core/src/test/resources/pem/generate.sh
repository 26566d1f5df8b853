#!/bin/sh
# Regenerates the PEM fixtures of PemKeysTest with OpenSSL 3. Test-only keys: never use them elsewhere.
# Usage: cd adapter-core/src/test/resources/pem && ./generate.sh
set -eu
PASSWORD=konagw-fixture-password

# One RSA-2048 key pair in every supported format.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-pkcs8.pem
openssl pkey -in rsa-pkcs8.pem -traditional -out rsa-pkcs1.pem
openssl pkey -in rsa-pkcs8.pem -pubout -out rsa-public.pem
openssl rsa -in rsa-pkcs8.pem -RSAPublicKey_out -out rsa-public-pkcs1.pem
openssl req -new -x509 -key rsa-pkcs8.pem -subj "/CN=konaplate-fixture-server" -days 3650 -sha256 -out rsa-cert.pem
openssl pkcs8 -topk8 -in rsa-pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout "pass:$PASSWORD" \
  -out rsa-pkcs8-encrypted.pem
openssl rsa -in rsa-pkcs8.pem -traditional -aes256 -passout "pass:$PASSWORD" -out rsa-pkcs1-encrypted.pem

# Keys that must be rejected.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa-1024.pem
openssl pkey -in rsa-1024.pem -pubout -out rsa-1024-public.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-pkcs8.pem
openssl pkey -in ec-pkcs8.pem -traditional -out ec-sec1.pem
openssl pkey -in ec-pkcs8.pem -pubout -out ec-public.pem

# Damaged files.
head -n 10 rsa-pkcs8.pem > truncated.pem
{ echo "-----BEGIN PRIVATE KEY-----"; echo "MIIE!!!not*base64@@@"; echo "-----END PRIVATE KEY-----"; } > corrupt-base64.pem
printf 'this is not a key\n' > garbage.pem
: > empty.pem
