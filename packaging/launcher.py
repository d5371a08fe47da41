"""The frozen app's entry point: the same `annotator` command as the installed wheel's."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
