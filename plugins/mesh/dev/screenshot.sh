#!/bin/sh
# Screenshots of the mesh card and tab on fixture data, in light and dark
# themes, for checking layout by eye. Needs chromium (apt-get install -y
# chromium). Output: /work/main/.state/mesh-dev/*.png (git-ignored).
set -eu
repo=$(cd "$(dirname "$0")/../../.." && pwd)
out="$repo/.state/mesh-dev"
mkdir -p "$out"
cat > "$out/index.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>mesh</title></head>
<body style="margin:0;padding:24px"><div id="root"></div><script src="bundle.js"></script></body></html>
HTML
"$repo/node_modules/.bin/esbuild" "$repo/plugins/mesh/dev/harness.tsx" \
  --bundle --outfile="$out/bundle.js" --platform=browser --jsx=automatic \
  --define:process.env.NODE_ENV='"development"' --define:global=window \
  --loader:.svg=dataurl --loader:.png=dataurl --log-level=error
shoot() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size="$3" --virtual-time-budget=8000 \
    --screenshot="$out/$1.png" "file://$out/index.html?$2" >/dev/null 2>&1
  echo "$out/$1.png"
}
shoot content-light 'what=content&theme=light' 1500,1500
shoot content-dark 'what=content&theme=dark' 1500,1500
shoot card-light 'what=card&theme=light' 650,520
shoot card-dark 'what=card&theme=dark' 650,520
