/**
 * Where the set-up scripts that hints name (install-emulators.sh, build-moto-image.sh,
 * docker-engine.sh) live: in the repository, not in the npm package a user may have installed.
 */
export const REPOSITORY_CLONE = 'a clone of the iam-mfa-conformance repository';
