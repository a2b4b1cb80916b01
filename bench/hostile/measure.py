#!/usr/bin/env python3
"""Peak memory of the server over hostile inputs (issue 14).

Starts `ablauf serve --demo` on a fresh SQLite database, signs in as the
demo Modellierer, sends each hostile input and reads the server's
/proc/<pid>/status (VmRSS now, VmHWM = peak so far) after each. Run from
the repository root after `cargo build -p ablauf` (or `--release`):

    python3 bench/hostile/measure.py [target/debug/ablauf]

Prints a Markdown table; the last row's VmHWM is the peak over all inputs.
"""

import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

import requests

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug/ablauf"
EMAIL = "modellierer@musterstadt.example"
MB = 1024 * 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0]) // 1024
    return out


def workbook(sheet_xml, shared=None):
    """A minimal XLSX around a worksheet XML (and optional sharedStrings)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                   f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0"?><workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="T" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        if shared is not None:
            rels += f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<?xml version="1.0"?><Relationships xmlns="{pkg}">{rels}</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buf.getvalue()


def sheet(cells_xml):
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return f'<?xml version="1.0"?><worksheet xmlns="{ns}"><sheetData>{cells_xml}</sheetData></worksheet>'


def inline(ref, text="Name"):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def big_valid_xlsx(rows, cols):
    """A register-shaped workbook at the row limit: rows x cols inline strings."""
    letters = [chr(65 + i) if i < 26 else "A" + chr(65 + i - 26) for i in range(cols)]
    parts = ['<row r="1">' + "".join(inline(f"{l}1", "Name" if i == 0 else f"Spalte {i}")
                                     for i, l in enumerate(letters)) + "</row>"]
    for r in range(2, rows + 2):
        parts.append(f'<row r="{r}">' + "".join(inline(f"{l}{r}", f"Prozess {r}") for l in letters) + "</row>")
    return workbook(sheet("".join(parts)))


def main():
    data = tempfile.mkdtemp(prefix="ablauf-hostile-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, ABLAUF_LOG="warn")
    server = subprocess.Popen([BIN, "serve", "--demo", "--listen", f"127.0.0.1:{port}",
                               "--data-dir", data], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        s = requests.Session()
        page = s.get(f"{base}/anmelden").text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        r = s.post(f"{base}/anmelden", data={"email": EMAIL, "password": "demo", "_csrf": csrf},
                   allow_redirects=True)
        org = re.search(r"/o/([0-9a-f-]{36})", r.url + r.text).group(1)
        token = requests.post(f"{base}/api/v1/auth/token",
                              json={"email": EMAIL, "password": "demo"}).json()["token"]

        def upload(name, body):
            page = s.get(f"{base}/o/{org}/prozesse/import").text
            csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
            return s.post(f"{base}/o/{org}/prozesse/import", data={"_csrf": csrf},
                          files={"file": (name, body)}, allow_redirects=False)

        def api_post(body):
            return requests.post(f"{base}/api/v1/organizations/{org}/processes", json=body,
                                 headers={"Authorization": f"Bearer {token}"})

        cases = [
            ("XLSX A1 + XFD1048576", lambda: workbook(sheet(inline("A1") + inline("XFD1048576")))),
            ("XLSX sharedStrings uniqueCount=10000000000", lambda: workbook(
                sheet('<c r="A1" t="s"><v>0</v></c>'),
                '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'count="1" uniqueCount="10000000000"><si><t>Name</t></si></sst>')),
            ("XLSX A1 + AF1048576", lambda: workbook(sheet(inline("A1") + inline("AF1048576")))),
            ("CSV 2.5 MB, one long cell", lambda: b"Name;Notiz\nx;" + b"x" * int(2.5 * MB) + b"\n"),
            ("CSV 19 MB of ';' (cell limit)", lambda: (b";" * 200 + b"\n") * (19 * MB // 201)),
            ("CSV 25 MB (over the upload limit)", lambda: b"x" * (25 * MB)),
            ("XLSX 100,000 rows x 35 columns (largest accepted)", lambda: big_valid_xlsx(100_000, 35)),
        ]
        rows = []
        print("| input | size | answer | VmRSS after (MB) | VmHWM so far (MB) |")
        print("| --- | ---: | --- | ---: | ---: |")
        base_mem = status(server.pid)
        print(f"| (signed in, idle) | | | {base_mem['VmRSS']} | {base_mem['VmHWM']} |")
        for name, make in cases:
            body = make()
            r = upload("datei.xlsx" if body[:2] == b"PK" else "datei.csv", body)
            m = status(server.pid)
            rows.append((name, len(body), r.status_code, m))
            print(f"| {name} | {len(body) / MB:.2f} MB | {r.status_code} | {m['VmRSS']} | {m['VmHWM']} |",
                  flush=True)
        kw = {"profile": {"name": "Viel", "keywords": [f"k{i}" for i in range(160_000)]}}
        t0 = time.time()
        r = api_post(kw)
        m = status(server.pid)
        print(f"| JSON 160,000 keywords | {len(json.dumps(kw)) / MB:.2f} MB | {r.status_code} "
              f"in {time.time() - t0:.2f} s | {m['VmRSS']} | {m['VmHWM']} |")
        assert requests.get(f"{base}/healthz").ok, "server down"
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
