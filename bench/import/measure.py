#!/usr/bin/env python3
"""Import benchmark steps, stdlib only (called by run.sh).

  measure.py export BASE OUT.csv
      signs in as the Musterstadt Modellierer and downloads the register as CSV.
  measure.py prepare IN.csv OUT.csv ROWS
      keeps ROWS processes of the generated organisation as new rows (no
      Prozess-ID/Version) with the columns a register keeps by hand.
  measure.py run BASE FILE OUT.json [WRITERS]
      uploads FILE, applies it, and meanwhile writes over the API with
      WRITERS closed-loop writers (POST …/processes); reports the time to
      apply, the writers' latencies (before and during the import) and
      their answers by status.
"""
import csv
import http.cookiejar
import io
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

EMAIL = "modellierer@musterstadt.example"
ORG_NAME = "Stadt Musterstadt"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def req(self, method, path, body=None, headers=None, timeout=600):
        r = urllib.request.Request(self.base + path, data=body, method=method,
                                   headers=headers or {})
        try:
            with self.opener.open(r, timeout=timeout) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

    def csrf(self):
        for c in self.jar:
            if c.name.endswith("ablauf_csrf"):
                return c.value
        self.req("GET", "/anmelden")
        return self.csrf()

    def form(self, path, fields):
        fields = dict(fields, _csrf=self.csrf())
        body = urllib.parse.urlencode(fields).encode()
        return self.req("POST", path, body,
                        {"Content-Type": "application/x-www-form-urlencoded"})

    def sign_in(self):
        s, h, _ = self.form("/anmelden", {"email": EMAIL, "password": "demo"})
        assert s == 303, f"sign-in: {s}"
        s, h, _ = self.req("GET", "/")
        loc = h.get("location", "")
        m = re.search(r"/o/([0-9a-f-]{36})", loc)
        if not m:
            _, _, page = self.req("GET", loc or "/")
            m = re.search(r"/o/([0-9a-f-]{36})", page.decode())
        self.org = m.group(1)

    def upload(self, path, name, data):
        boundary = uuid.uuid4().hex
        parts = [
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{self.csrf()}\r\n".encode(),
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.req("POST", path, b"".join(parts),
                        {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def api_token(base):
    body = json.dumps({"email": EMAIL, "password": "demo"}).encode()
    r = urllib.request.Request(base + "/api/v1/auth/token", data=body, method="POST",
                               headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(r) as resp:
        return json.load(resp)["token"]


def export(base, out):
    s = Session(base)
    s.sign_in()
    status, _, data = s.req("GET", f"/o/{s.org}/prozesse/export?format=csv")
    assert status == 200, status
    open(out, "wb").write(data)
    print(f"exported {len(data)} bytes")


# The columns a register kept by hand has; areas and org units are left
# out (the generator's are not in the fresh demo database the import goes
# into).
KEEP = ["Name", "Kennung", "Kurzbeschreibung", "Status", "Prozesstyp",
        "Fallzahl pro Jahr", "Schlagwörter"]
# The upload limit of a multipart form (axum's default, see issue 14).
LIMIT = 2 * 1024 * 1024 - 64 * 1024


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(rows):
    """A minimal workbook with inline strings, as a spreadsheet program
    reads it."""
    from xml.sax.saxutils import escape
    out = io.BytesIO()
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for n, r in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{col_name(i)}{n}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'
            for i, v in enumerate(r) if v != "")
        sheet.append(f'<row r="{n}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Prozessregister" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def prepare(src, out, rows):
    """Writes OUT (an .xlsx) with ROWS rows; drops the description when the
    workbook would not fit the upload limit otherwise."""
    text = open(src, "rb").read().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = next(reader)
    body = [r for _, r in zip(range(rows), reader)]
    keep = [h for h in KEEP if h in header]
    while True:
        idx = [header.index(h) for h in keep]
        table = [keep] + [[r[i] if i < len(r) else "" for i in idx] for r in body]
        # The generator writes some keywords longer than the 60 characters
        # a form or an import accepts (a Themenfeld's name): left out.
        if "Schlagwörter" in keep:
            k = keep.index("Schlagwörter")
            for r in table[1:]:
                if any(len(w.strip()) > 60 for w in re.split(r"[;,]", r[k])):
                    r[k] = ""
        data = xlsx(table)
        if len(data) <= LIMIT or len(keep) <= 2:
            break
        keep = [h for h in keep if h != "Kurzbeschreibung"] if "Kurzbeschreibung" in keep else keep[:-1]
    open(out, "wb").write(data)
    print(f"{len(body)} rows, columns {', '.join(keep)}; XLSX {len(data) / 1024 / 1024:.2f} MiB")


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(samples):
    ms = [d * 1000 for _, d, _ in samples]
    statuses = {}
    for _, _, s in samples:
        statuses[str(s)] = statuses.get(str(s), 0) + 1
    return {"writes": len(ms), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95),
            "p99_ms": pct(ms, 99), "max_ms": max(ms) if ms else None,
            "statuses": statuses}


def run(base, path, out, writers=2):
    s = Session(base)
    s.sign_in()
    token = api_token(base)
    api = f"{base}/api/v1/organizations/{s.org}/processes"
    samples = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(k):
        i = 0
        while not stop.is_set():
            i += 1
            body = json.dumps({"profile": {"name": f"Nebenher {k}-{i}"}}).encode()
            r = urllib.request.Request(api, data=body, method="POST", headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(r, timeout=120) as resp:
                    status = resp.status
            except urllib.error.HTTPError as e:
                status = e.code
            except Exception:
                status = "error"
            with lock:
                samples.append((t0, time.monotonic() - t0, status))
            time.sleep(0.05)

    data = open(path, "rb").read()
    t0 = time.monotonic()
    status, h, body = s.upload(f"/o/{s.org}/prozesse/import", path.rsplit("/", 1)[-1], data)
    assert status == 303, (status, body[:300])
    preview_url = h["location"]
    _, _, preview = s.req("GET", preview_url)
    preview = preview.decode()
    check_s = time.monotonic() - t0

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    time.sleep(5)  # the writers alone first
    start = time.monotonic()
    status, h, body = s.form(preview_url, {})
    if status != 303:
        m = re.findall(r'<div class="error-summary"[^>]*>(.*?)</div>', body.decode(), re.S)
        print(re.search(r'<p class="lead">(.*?)</p>', preview, re.S).group(1), m)
        sys.exit(f"apply answered {status}")
    loc = h["location"]
    state = "done" if not loc.endswith("/fortschritt") else "running"
    polls = 0
    while state not in ("done", "failed"):
        time.sleep(0.5)
        st, _, page = s.req("GET", loc, headers={"HX-Request": "true"})
        polls += 1
        text = page.decode()
        if "neu angelegt" in text:
            state = "done"
        elif "error-summary" in text:
            state = "failed"
            print(text)
    end = time.monotonic()
    stop.set()
    for t in threads:
        t.join()
    before = [x for x in samples if x[0] < start]
    during = [x for x in samples if start <= x[0] < end]
    res = {
        "new_rows": int(re.search(r"(\d+) neu", preview).group(1)),
        "file_bytes": len(data),
        "check_s": round(check_s, 2),
        "apply_s": round(end - start, 2),
        "state": state,
        "progress_polls": polls,
        "writers": writers,
        "before": summary(before),
        "during": summary(during),
    }
    json.dump(res, open(out, "w"), indent=1)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "export":
        export(sys.argv[2], sys.argv[3])
    elif cmd == "prepare":
        prepare(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 2)
