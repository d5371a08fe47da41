# Replaces PyInstaller's hook for babel, which collects all of its locale data (35 MB). Babel reaches the
# app only through courlan's URL language filter (Locale.parse), which trafilatura calls when crawling
# with a target language; we extract from markup, with no target language. Should it ever be called, a
# locale left out raises UnknownLocaleError, which courlan catches (no score): behaviour, not a crash.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("babel", includes=["global.dat", "locale-data/root.dat", "locale-data/en.dat"])
hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
