#!/usr/bin/env bash
# Install the built wheel, as a user would, into a fresh virtual environment
# and build with it: a new sphinx-quickstart project (the wheel alone, no
# extras) to HTML and text, then the demo (with the [myst] extra) to every
# output.  Usage: wheel-venv.sh VENV OUT [PIP REQUIREMENT...]  (e.g. pins of
# the lowest supported Sphinx and docutils).
set -euo pipefail
venv=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
wheel=$(ls "$root"/dist/sphinxcontrib_protomodel-*.whl)
python=${PYTHON:-python3}

rm -rf "$venv" "$out"
"$python" -m venv "$venv"
# (pip's notes about this machine's extra index locations are left out; a failure still stops the script)
"$venv/bin/python" -m pip install -q "$wheel" "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }
"$venv/bin/python" -c 'import sphinx, docutils, sys; print("python", sys.version.split()[0], "sphinx", sphinx.__version__, "docutils", docutils.__version__)'

# A new project: quickstart, one line of conf.py, a model in index.rst.
"$venv/bin/sphinx-quickstart" -q -p "Echo" -a "A. Author" -l en --extensions=sphinxcontrib_protomodel "$out/new" >/dev/null
cat "$here/new-project.rst" >> "$out/new/index.rst"
sphinx="$venv/bin/sphinx-build -q -W --keep-going"
$sphinx -b html "$out/new" "$out/new/_build/html"
$sphinx -b text "$out/new" "$out/new/_build/text"
test "$(grep -c '<svg' "$out/new/_build/html/index.html")" -eq 3
grep -q 'Figure 2: Echo exchange' "$out/new/_build/text/index.txt"
grep -q 'Figure 2 shows the exchange' "$out/new/_build/text/index.txt"
grep -q 'Echo-Request  *-------->' "$out/new/_build/text/index.txt"

# The demo, with the [myst] extra, to every output it documents.
"$venv/bin/python" -m pip install -q "$wheel[myst]" "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }
for builder in html text modelcheck idtext man texinfo; do
  $sphinx -b "$builder" "$root/demo_docs" "$out/demo/$builder"
done
echo "wheel-venv: $venv built the new project and the demo"
