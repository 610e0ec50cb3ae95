#!/usr/bin/env bash
# Regenerates the display's pre-rendered voice clips (renderer/public/voice/*.wav + manifest.json),
# used when the display PC has no zh-CN Web Speech voice. Needs espeak-ng (Debian:
# `apt-get install espeak-ng`) with its Mandarin voice `cmn`. Not run in CI: the generated files
# are committed. Clip ids must match clipTokens() in renderer/src/roles/display/clipSpeaker.ts.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=renderer/public/voice
VOICE=cmn
SPEED=${SPEED:-150}   # words per minute; espeak's default 175 sounds rushed in a hall

command -v espeak-ng >/dev/null || { echo '需要 espeak-ng（apt-get install espeak-ng）' >&2; exit 1; }
espeak-ng --voices | grep -w "$VOICE" >/dev/null || { echo "espeak-ng 缺少普通话语音 $VOICE" >&2; exit 1; }

mkdir -p "$OUT"
rm -f "$OUT"/*.wav
ids=()
render() { # id text
  espeak-ng -v "$VOICE" -s "$SPEED" -w "$OUT/$1.wav" -- "$2"
  ids+=("$1")
}

render qing '请'
digits=(零 一 二 三 四 五 六 七 八 九)
for d in 0 1 2 3 4 5 6 7 8 9; do render "$d" "${digits[$d]}"; done
for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do render "$l" "$l"; done
render haodao '号到'
render chuangkou '号窗口办理'

{
  printf '{\n  "format": "wav",\n  "voice": "espeak-ng %s",\n  "clips": [' "$VOICE"
  sep=''
  for id in "${ids[@]}"; do printf '%s\n    "%s"' "$sep" "$id"; sep=','; done
  printf '\n  ]\n}\n'
} >"$OUT/manifest.json"
# espeak pads every clip with silence; trim it (threshold ~-40 dBFS, keep 30 ms) so composed
# calls flow and the clips stay small. python3's stdlib wave module only, no extra tools.
python3 - "$OUT"/*.wav <<'PY'
import sys, wave, array
for path in sys.argv[1:]:
    with wave.open(path, 'rb') as w:
        params, frames = w.getparams(), w.readframes(w.getnframes())
    s = array.array('h', frames)
    loud = [i for i, v in enumerate(s) if abs(v) > 300]
    pad = params.framerate * 30 // 1000
    a, b = (max(0, loud[0] - pad), min(len(s), loud[-1] + pad)) if loud else (0, len(s))
    with wave.open(path, 'wb') as w:
        w.setparams(params)
        w.writeframes(s[a:b].tobytes())
PY
du -cb "$OUT"/* | tail -1
