#!/usr/bin/env bash
# Usage: [PROBE_NOAUTH=1] scripts/probe-iam.sh ENDPOINT_URL [--raw]
# Sends the MFA actions in scope as raw awsQuery form POSTs (fake SigV4 header, no real
# signature: emulators are expected to ignore it) and prints one line per call:
# action, HTTP status, error code (or "ok"). --raw also prints each response body.
# Names are suffixed with the PID so repeated runs against one emulator do not collide.
set -uo pipefail
url=${1:?endpoint url, e.g. http://127.0.0.1:4566}
raw=${2:-}
sfx=$$
user="probe$sfx"
# PROBE_NOAUTH=1 drops the Authorization header, to see whether an emulator requires one.
auth='AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x'
hdr=(-H "Authorization: $auth" -H 'X-Amz-Date: 20260101T000000Z')
[[ ${PROBE_NOAUTH:-} == 1 ]] && hdr=()

call() { # label, then form fields
  local label=$1; shift
  local args=() f
  for f in "Version=2010-05-08" "$@"; do args+=(--data-urlencode "$f"); done
  local out code body err
  out=$(curl -s -m 20 -w '\n%{http_code}' -X POST "$url/" \
    -H 'Content-Type: application/x-www-form-urlencoded; charset=utf-8' \
    "${hdr[@]}" "${args[@]}")
  code=${out##*$'\n'}; body=${out%$'\n'*}
  err=$(grep -o '<Code>[^<]*</Code>' <<<"$body" | head -1 | sed 's/<[^>]*>//g')
  # A 200 from another service's handler (moto routes unsigned requests to S3) is not "ok".
  local action=${1#Action=}
  if [[ -z $err && $code == 200 ]]; then
    grep -q "<${action}Response" <<<"$body" && err=ok || err="wrong body: $(head -c 80 <<<"$body" | tr '\n' ' ')"
  fi
  [[ -z $err ]] && err="non-XML/other: $(head -c 120 <<<"$body" | tr '\n' ' ')"
  printf '%-34s %s %s\n' "$label" "$code" "$err"
  [[ $raw == --raw ]] && printf '%s\n\n' "$body"
  LAST=$body
}

call CreateUser Action=CreateUser UserName=$user
call CreateVirtualMFADevice Action=CreateVirtualMFADevice VirtualMFADeviceName=x$sfx
serial=$(grep -o '<SerialNumber>[^<]*' <<<"$LAST" | head -1 | sed 's/<SerialNumber>//')
[[ -z $serial ]] && serial="arn:aws:iam::123456789012:mfa/x$sfx"
echo "# serial: $serial"
call EnableMFADevice Action=EnableMFADevice UserName=$user SerialNumber=$serial AuthenticationCode1=111111 AuthenticationCode2=111111
call 'EnableMFADevice(unknown user)' Action=EnableMFADevice UserName=nouser$sfx SerialNumber=$serial AuthenticationCode1=111111 AuthenticationCode2=111111
call ListMFADevices Action=ListMFADevices UserName=$user
echo "#   listed: $(grep -c "$serial" <<<"$LAST")"
call ListVirtualMFADevices Action=ListVirtualMFADevices
echo "#   listed: $(grep -c "$serial" <<<"$LAST")"
call GetMFADevice Action=GetMFADevice UserName=$user SerialNumber=$serial
call ResyncMFADevice Action=ResyncMFADevice UserName=$user SerialNumber=$serial AuthenticationCode1=111111 AuthenticationCode2=111111
call 'DeleteVirtualMFADevice(assigned)' Action=DeleteVirtualMFADevice SerialNumber=$serial
call DeactivateMFADevice Action=DeactivateMFADevice UserName=$user SerialNumber=$serial
call DeleteVirtualMFADevice Action=DeleteVirtualMFADevice SerialNumber=$serial
call 'DeleteVirtualMFADevice(again)' Action=DeleteVirtualMFADevice SerialNumber=$serial
# A second user keeps its device so DeleteUser meets an attached device.
call CreateUser2 Action=CreateUser UserName=${user}b
call CreateVirtualMFADevice2 Action=CreateVirtualMFADevice VirtualMFADeviceName=y$sfx
serial2=$(grep -o '<SerialNumber>[^<]*' <<<"$LAST" | head -1 | sed 's/<SerialNumber>//')
call EnableMFADevice2 Action=EnableMFADevice UserName=${user}b SerialNumber=$serial2 AuthenticationCode1=111111 AuthenticationCode2=111111
call 'DeleteUser(device attached)' Action=DeleteUser UserName=${user}b
call 'CreateUser(bad name!)' Action=CreateUser 'UserName=bad name!'
call 'GetUser(bad name!)' Action=GetUser 'UserName=bad name!'
call GetUser Action=GetUser UserName=$user
call DeleteUser Action=DeleteUser UserName=$user
call 'UnknownAction' Action=NoSuchActionXyz
