#!/usr/bin/env bash
# Renders RabbitMQ definitions from a template and the environment, so no password is ever committed or baked into
# an image. Runs in the one-shot `rabbitmq-definitions` compose service (the RabbitMQ image itself: bash + coreutils).
#
#   render-definitions.sh TEMPLATE OUTPUT
#
# Placeholders (only names from ALLOWED below; anything else is an error):
#   ${NAME}       -> the value of $NAME, escaped for a JSON string (used for the admin user's name)
#   ${NAME_HASH}  -> a RabbitMQ password hash of $NAME: base64(salt ++ sha256(salt ++ utf8 password)) with a random
#                    4-byte salt, i.e. rabbit_password_hashing_sha256. The plain password never reaches the file.
# Optional: DEFINITIONS_OWNER=uid:gid chowns the output (999:999 is the rabbitmq user of the official image).
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true

ALLOWED=(RABBITMQ_ADMIN_USER RABBITMQ_ADMIN_PASSWORD ORDER_BROKER_PASSWORD INVENTORY_BROKER_PASSWORD
         PAYMENT_BROKER_PASSWORD NOTIFICATION_BROKER_PASSWORD)

template=${1:?usage: render-definitions.sh TEMPLATE OUTPUT}
output=${2:?usage: render-definitions.sh TEMPLATE OUTPUT}

fail() { echo "render-definitions: $*" >&2; exit 1; }

value_of() {
    local name=$1 allowed
    for allowed in "${ALLOWED[@]}"; do
        if [[ $name == "$allowed" ]]; then
            [[ -n ${!name:-} ]] || fail "$name is empty or unset (set it in .env; see .env.example)"
            [[ ${!name} != *[[:cntrl:]]* ]] || fail "$name contains control characters"
            printf '%s' "${!name}"
            return 0
        fi
    done
    fail "unknown placeholder \${$name} in $template"
}

json_escape() {
    local v=$1
    v=${v//'\'/'\\'}
    v=${v//'"'/'\"'}
    printf '%s' "$v"
}

hash_password() {
    local salt_file hex
    salt_file=$(mktemp)
    head -c 4 /dev/urandom > "$salt_file"
    hex=$({ cat "$salt_file"; printf '%s' "$1"; } | sha256sum | cut -d' ' -f1)
    # hex digest -> bytes with printf's \xHH escapes (no xxd in the image)
    { cat "$salt_file"; printf "$(sed 's/../\\x&/g' <<< "$hex")"; } | base64 -w0
    rm -f "$salt_file"
}

[[ -r $template ]] || fail "cannot read template $template"
rest=$(<"$template")
rendered=""
# Single pass over the template: a value that happens to contain "${...}" is never expanded again.
while [[ $rest == *'${'* ]]; do
    rendered+=${rest%%'${'*}
    rest=${rest#*'${'}
    [[ $rest == *'}'* ]] || fail "unterminated placeholder in $template"
    name=${rest%%'}'*}
    rest=${rest#*'}'}
    if [[ $name == *_HASH ]]; then
        plain=$(value_of "${name%_HASH}") || exit 1
        replacement=$(hash_password "$plain") || exit 1
    else
        plain=$(value_of "$name") || exit 1
        replacement=$(json_escape "$plain")
    fi
    rendered+=$replacement
done
rendered+=$rest

umask 077
mkdir -p "$(dirname "$output")"
printf '%s\n' "$rendered" > "$output.tmp"
if [[ -n ${DEFINITIONS_OWNER:-} ]]; then
    chown "$DEFINITIONS_OWNER" "$output.tmp"
fi
chmod 0400 "$output.tmp"
mv -f "$output.tmp" "$output"
echo "render-definitions: wrote $output"
