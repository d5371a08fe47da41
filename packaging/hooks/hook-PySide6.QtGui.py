# Replaces PyInstaller's own hook for PySide6.QtGui (hooks in the spec's hookspath win), keeping all it
# collects but plugins a desktop app never loads. A filter in the spec would come too late: the libraries
# such a plugin links to are collected with it.
# - Qt's GTK3 theme plugin pulls GTK, cairo, pango, ATK and gdk-pixbuf (~30 MB) in. Without it Qt draws with
#   its own Fusion style, which the app is designed and tested with (offscreen).
# - The platforms of devices without a desktop (eglfs, linuxfb, vnc, vkkhrdisplay, minimalegl), their EGL
#   device integrations and evdev input plugins; vnc alone brings QtNetwork. The app runs on xcb (X11 and
#   XWayland), wayland, offscreen (CI, --smoke), and on Windows and macOS on their own platform plugins.
# - OpenGL integrations (xcb GLX/EGL, Wayland EGL/Vulkan/dmabuf buffers) and with them QtOpenGL: a widgets
#   app without a QOpenGLWidget paints with the raster engine (Wayland: shared memory) and never asks for GL.
# - Image formats other than SVG (themes' icons): the app opens no pictures, and PNG is built into QtGui.
# - Wayland shells other than xdg-shell (what desktops speak): IVI (cars), fullscreen, qt-shell, wl-shell.
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED = ("qgtk3", "/egldeviceintegrations/", "/generic/", "libqeglfs", "libqlinuxfb", "libqvnc", "libqvkkhrdisplay",
          "libqminimalegl", "/xcbglintegrations/", "/wayland-graphics-integration-client/",
          "libivi-shell", "libfullscreen-shell", "libqt-shell", "libwl-shell",
          *(f"/imageformats/{name}" for name in ("libqgif", "libqicns", "libqico", "libqjpeg", "libqtga", "libqtiff",
                                                  "libqwbmp", "libqwebp", "qgif", "qicns", "qico", "qjpeg", "qtga",
                                                  "qtiff", "qwbmp", "qwebp")))

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if not any(part in entry[0].replace("\\", "/") for part in UNUSED)]
