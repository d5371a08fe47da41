# Replaces PyInstaller's own hook for PySide6.QtGui (hooks in the spec's hookspath win), keeping all it
# collects but plugins a desktop app never loads. A filter in the spec would come too late: the libraries
# such a plugin links to are collected with it.
# - Qt's GTK3 theme plugin pulls GTK, cairo, pango, ATK and gdk-pixbuf (~30 MB) in. Without it Qt draws with
#   its own Fusion style, which the app is designed and tested with (offscreen).
# - The platforms of devices without a desktop (eglfs, linuxfb, vnc, vkkhrdisplay, minimalegl), their EGL
#   device integrations and evdev input plugins; vnc alone brings QtNetwork. The app runs on xcb (X11 and
#   XWayland), wayland, offscreen (CI, --smoke), and on Windows and macOS on their own platform plugins.
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED = ("qgtk3", "/egldeviceintegrations/", "/generic/", "libqeglfs", "libqlinuxfb", "libqvnc", "libqvkkhrdisplay",
          "libqminimalegl")

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if not any(part in entry[0].replace("\\", "/") for part in UNUSED)]
