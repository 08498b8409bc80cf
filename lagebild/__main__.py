import sys

from lagebild.cli import main

sys.exit(main())
