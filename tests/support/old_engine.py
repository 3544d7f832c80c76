"""Drives the browser mode in a real old Chromium engine, as a clerk on UOS 20
or Kylin V10 would meet it: QtWebEngine from the PyQtWebEngine wheels
(5.12 embeds Chromium 69, 5.15.2 Chromium 83), headless.

    python3 old_engine.py LINK NEW_NAME SHEET DOWNLOADS > result.json

Opens LINK (`parkreg serve --no-open`'s) on a registry holding the sample
park, visits every page, opens and closes each dialog, renames the first
unit to NEW_NAME through its dialog, gives SHEET to the unit import's file
chooser (previewed, not applied), exports the workbook into the folder
DOWNLOADS, and prints what it saw as JSON: the engine's user agent, each
step's outcome, and every console message of level warning or error.
Run with QT_QPA_PLATFORM=offscreen, QT_QUICK_BACKEND=software and
QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu"."""
import json
import os
import sys
import time

from PyQt5.QtCore import QEventLoop, QPoint, Qt, QTimer, QUrl
from PyQt5.QtTest import QTest
from PyQt5.QtWidgets import QApplication
from PyQt5.QtWebEngineWidgets import QWebEnginePage, QWebEngineProfile, QWebEngineView

PAGES = ["dashboard", "units", "orgs", "people", "life", "money", "exchange", "history", "settings"]

# The sample park's ledger year, whose lines can be reversed.
LEDGER_YEAR = ("var s = document.getElementById('money-year'); s.value = '2013';"
               " s.dispatchEvent(new Event('change')); true")

# (page, what to do first, what opens it, the dialog)
DIALOGS = [
    ("dashboard", None, "#table27-open", "#table27-dialog"),
    ("dashboard", None, ".gap:not([data-unit=''])", "#detail"),
    ("units", None, "#unit-add", "#unit-dialog"),
    ("orgs", None, "#org-add", "#org-dialog"),
    ("orgs", None, "#page-orgs button.dissolve", "#org-action-dialog"),
    ("people", None, "#person-add", "#person-dialog"),
    ("life", None, "#life-add", "#meeting-dialog"),
    ("money", LEDGER_YEAR, "#ledger button.reverse", "#reverse-dialog"),
]

LEVELS = {0: "info", 1: "warning", 2: "error"}


class Page(QWebEnginePage):
    def __init__(self, parent):
        super().__init__(parent)
        self.messages = []

    def chooseFiles(self, mode, old, mime_types):
        return [sys.argv[3]]

    def javaScriptConsoleMessage(self, level, message, line, source):
        level = LEVELS.get(int(level), str(level))
        if level != "info":
            self.messages.append({"level": level, "message": message, "source": source, "line": line})


app = QApplication(sys.argv[:1])
view = QWebEngineView()
view.resize(1366, 768)
view.show()
page = Page(view)
view.setPage(page)
downloads = []


def download(item):
    # The engine's default path ends in the name the server gave the file.
    item.setPath(os.path.join(sys.argv[4], os.path.basename(item.path())))
    item.accept()
    downloads.append(item)


QWebEngineProfile.defaultProfile().downloadRequested.connect(download)


def js(code):
    """The value of the expression `code` in the page."""
    loop = QEventLoop()
    box = {}

    def done(value):
        box["value"] = value
        loop.quit()

    page.runJavaScript(code, done)
    QTimer.singleShot(10000, loop.quit)
    loop.exec_()
    return box.get("value")


def wait(condition, seconds=30):
    """Whether the expression `condition` became true within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if js(condition):
            return True
        pause(0.1)
    return False


def pause(seconds):
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec_()


def click(css):
    return js("(function(){var e=document.querySelector(%s); if(!e) return false; e.click(); return true;})()" % json.dumps(css))


def press(css):
    """Clicks `css` as a person does, with the mouse (a file chooser opens
    only on a person's own click)."""
    box = js("(function(){var r=document.querySelector(%s).getBoundingClientRect();"
             " return [r.left + r.width / 2, r.top + r.height / 2];})()" % json.dumps(css))
    if not box:
        return False
    target = view.focusProxy() or view
    QTest.mouseClick(target, Qt.LeftButton, Qt.NoModifier, QPoint(int(box[0]), int(box[1])))
    return True


def show(name):
    click("#nav button[data-page='%s']" % name)
    return wait("document.body.dataset.ready === %s" % json.dumps(name))


result = {"pages": {}, "dialogs": {}, "edited": False}
page.load(QUrl(sys.argv[1]))
result["started"] = wait("document.body && document.body.dataset.ready === 'dashboard'")
result["user_agent"] = js("navigator.userAgent")

for name in PAGES:
    result["pages"][name] = show(name)

for where, prepare, opener, dialog in DIALOGS:
    show(where)
    if prepare:
        js(prepare)
        wait("!!document.querySelector(%s)" % json.dumps(opener), 10)
    opened = click(opener) and wait("!!document.querySelector('%s[open]')" % dialog, 10)
    closer = "%s [data-close], %s #reverse-cancel, %s form[method=dialog] button" % (dialog, dialog, dialog)
    closed = opened and click(closer) and wait("!document.querySelector('%s[open]')" % dialog, 10)
    result["dialogs"][dialog] = {"opened": bool(opened), "closed": bool(closed)}

# A unit renamed through its dialog.
if show("units") and click("#page-units button.edit") and wait("!!document.querySelector('#unit-dialog[open]')", 10):
    js("document.querySelector('#unit-form [name=name]').value = %s" % json.dumps(sys.argv[2]))
    click("#unit-save")
    result["edited"] = wait("!document.querySelector('#unit-dialog[open]')", 10) and wait(
        "document.body.textContent.indexOf(%s) >= 0" % json.dumps(sys.argv[2]), 10)

# The unit import: the chooser answers SHEET, which is uploaded and previewed.
if show("exchange") and press("#import-pick"):
    result["previewed"] = wait("document.getElementById('import-table').textContent.indexOf('示例') >= 0", 20)

# The workbook exported: a download.
if click("#export-xlsx"):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (downloads and downloads[0].isFinished()):
        pause(0.1)
    result["downloaded"] = [os.path.basename(d.path()) for d in downloads if d.isFinished()]

result["too_old_shown"] = bool(js("document.documentElement.hasAttribute('data-too-old')"))
result["console"] = page.messages
print(json.dumps(result, ensure_ascii=False))
