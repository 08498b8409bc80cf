#!/usr/bin/env bash
# Set up (first run only) and start the dashboard on its database (data/lagebild.db, filled from seeds/ on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run dashboard.py "$@"
