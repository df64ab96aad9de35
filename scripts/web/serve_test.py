#!/usr/bin/env python3
"""Drive a running `bcf serve` as a council's BCF lead and the national team would: the check page in
headless Chromium (Selenium), the JSON API, the limits and the security headers; with a round, the
round's pages. Asserts as it goes, saves screenshots, and prints a JSON summary of what it saw.

Usage: serve_test.py BASE_URL BCF_BINARY OUTDIR [--round]
The server must run with --max-checks 1 --max-queued 0 --max-upload-mib 1 --upload-seconds 2 so that
the limits are reachable. Needs Debian's chromium and chromium-driver and PyPI's selenium (scripts/test.sh installs them).
"""
import concurrent.futures
import csv
import glob
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "Fixtures/planning-2017-19-sample.xlsx")
BROKEN = os.path.join(ROOT, "Fixtures/rules/PLAN-COMP-001.xlsx")
NOT_A_WORKBOOK = os.path.join(ROOT, "Fixtures/bad/not-a-workbook.xlsx")


def fail(message):
    print(f"serve_test: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def request(base, method, path, body=None, headers=None):
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def cli(bcf, *arguments, cwd=None):
    # bcf check exits 1 when a workbook has errors: the output is what counts here.
    return subprocess.run([bcf, *arguments], capture_output=True, text=True, cwd=cwd).stdout


def check_api(base, bcf, summary):
    body = open(SAMPLE, "rb").read()
    status, headers, data = request(base, "POST", "/api/check?name=planning-2017-19-sample.xlsx", body)
    expect(status == 200, f"POST /api/check of the sample: status {status}")
    expect(headers.get("content-type", "").startswith("application/json"), "the API answers JSON")
    answer = json.loads(data)
    oracle = json.loads(cli(bcf, "check", "--format", "json", "planning-2017-19-sample.xlsx", cwd=os.path.dirname(SAMPLE)))
    expect(answer == oracle, f"the API's JSON differs from `bcf check --format json`:\n{answer}\n{oracle}")
    summary["api_sample"] = {"edition": answer[0]["edition"], "hwb": answer[0]["hwb_name"], "status": answer[0]["status"]}

    status, _, data = request(base, "POST", "/api/check?name=PLAN-COMP-001.xlsx", open(BROKEN, "rb").read())
    broken = json.loads(data)
    expect(status == 200 and broken[0]["errors"] > 0, f"the broken workbook has errors through the API (status {status})")
    expect(broken == json.loads(cli(bcf, "check", "--format", "json", "PLAN-COMP-001.xlsx", cwd=os.path.dirname(BROKEN))), "broken: API and CLI agree")
    summary["api_broken_errors"] = broken[0]["errors"]

    status, headers, data = request(base, "POST", "/api/check/annotated?name=PLAN-COMP-001.xlsx", open(BROKEN, "rb").read())
    expect(status == 200 and data[:2] == b"PK", f"the annotated copy through the API is a workbook (status {status})")
    status, headers, data = request(base, "POST", "/api/check/csv?name=PLAN-COMP-001.xlsx", open(BROKEN, "rb").read())
    expect(status == 200 and data.decode() == cli(bcf, "check", "--format", "csv", "PLAN-COMP-001.xlsx", cwd=os.path.dirname(BROKEN)),
           "the CSV through the API is `bcf check --format csv`'s")

    for bad in sorted(glob.glob(os.path.join(ROOT, "Fixtures/bad/*.xlsx"))):
        status, _, data = request(base, "POST", "/api/check?name=" + os.path.basename(bad), open(bad, "rb").read())
        answer = json.loads(data)
        expect(status == 422 and answer[0]["status"] == "unreadable" and answer[0]["failure"],
               f"{os.path.basename(bad)}: 422 with the reason (got {status} {answer})")
    summary["bad_files_refused"] = len(glob.glob(os.path.join(ROOT, "Fixtures/bad/*.xlsx")))

    status, headers, data = request(base, "POST", "/api/check", b"x" * (2 << 20))
    expect(status == 413, f"an upload over --max-upload-mib is refused with 413 (got {status})")
    expect("error" in json.loads(data), "the 413 says why")

    # A body that says it is 200 MB is refused before it is read; one sent in chunks past the limit
    # is cut off as it arrives; one that stops arriving is refused when --upload-seconds runs out.
    status, _, _ = request(base, "POST", "/api/check", b"", headers={"Content-Length": str(200 << 20)})
    expect(status == 413, f"a 200 MB Content-Length is refused with 413 (got {status})")
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request("POST", "/api/check", body=iter([b"x" * (256 << 10)] * 8), encode_chunked=True)
    status = connection.getresponse().status
    connection.close()
    expect(status == 413, f"a chunked upload past the limit is refused with 413 (got {status})")
    slow = socket.create_connection((url.hostname, url.port), timeout=30)
    slow.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n0123456789")
    started = time.time()
    status, _, _ = request(base, "GET", "/health")
    expect(status == 200, "the server serves others while a client is slow")
    answer = slow.recv(4096)
    slow.close()
    expect(answer.startswith(b"HTTP/1.1 408"), f"a client that stops sending gets 408: {answer[:40]!r}")
    summary["slow_client_seconds"] = round(time.time() - started, 1)

    # Security headers on a page, an asset, an API answer and a refusal.
    for method, path, payload in [("GET", "/", None), ("GET", "/assets/bcf.js", None), ("POST", "/api/check", body), ("GET", "/nowhere", None)]:
        status, headers, _ = request(base, method, path, payload)
        csp = headers.get("content-security-policy", "")
        expect("frame-ancestors 'none'" in csp and "default-src 'none'" in csp, f"{method} {path}: Content-Security-Policy {csp!r}")
        expect(headers.get("x-content-type-options") == "nosniff", f"{method} {path}: X-Content-Type-Options")
        expect(headers.get("referrer-policy") == "no-referrer", f"{method} {path}: Referrer-Policy")
    summary["security_headers"] = True

    # A request for another host name (DNS rebinding) is refused while the server is on loopback.
    status, _, _ = request(base, "GET", "/", headers={"Host": "attacker.example"})
    expect(status == 421, f"a foreign Host is refused with 421 (got {status})")

    # One check at a time and none queued: of 12 sent at once, some are refused with 503 and
    # Retry-After, the others answered in full; then the server serves as before.
    def one(_):
        return request(base, "POST", "/api/check", body)
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(one, range(12)))
    refused = [r for r in results if r[0] == 503]
    served = [r for r in results if r[0] == 200]
    expect(len(refused) + len(served) == 12, f"every answer is 200 or 503: {[r[0] for r in results]}")
    expect(refused and all(r[1].get("retry-after") for r in refused), f"some are refused with 503 and Retry-After: {[r[0] for r in results]}")
    expect(served and all(json.loads(r[2])[0]["edition"] == "planning-2017-19" for r in served), "the checks answered are right")
    status, _, _ = one(0)
    expect(status == 200, "the server serves after the burst")
    summary["burst"] = {"served": len(served), "refused": len(refused)}


def browser(outdir):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        fail("selenium is not installed: run `python3 -m pip install selenium==4.25.0` (scripts/test.sh does)")
    for program in ["/usr/bin/chromium", "/usr/bin/chromedriver"]:
        if not os.path.exists(program):
            fail(f"{program} is missing: run `bash scripts/install-deps.sh chromium chromium-driver` (scripts/test.sh does)")
    downloads = os.path.join(outdir, "downloads")
    os.makedirs(downloads, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=en-GB"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver, downloads


def full_screenshot(driver, path):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1366, min(max(900, height + 40), 6000))
    driver.save_screenshot(path)
    driver.set_window_size(1366, 900)


def wait_for(predicate, message, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    fail(message)


def wait_for_download(folder, suffix):
    def found():
        names = [n for n in os.listdir(folder) if n.endswith(suffix)]
        return os.path.join(folder, names[0]) if names else None
    return wait_for(found, f"no {suffix} download arrived in {folder}")


def upload(driver, base, path):
    from selenium.webdriver.common.by import By
    driver.get(base + "/")
    field = driver.find_element(By.ID, "workbook")
    # Picking the file sends the form (the page's script); no button press needed.
    field.send_keys(path)
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "h1") and "Check your" not in driver.find_element(By.CSS_SELECTOR, "h1").text,
             f"no result page after uploading {path}")


def make_broken(outdir):
    """The sample with four mistakes a lead makes, edited with openpyxl as another program would."""
    path = os.path.join(outdir, "Leeds BCF plan.xlsx")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/edit_with_openpyxl.py"), SAMPLE, path,
                    "clear:1. Cover!C6", "set:4. Expenditure!D21=Home adaptations", "number:4. Expenditure!N21=6209696.84",
                    "clear:6. National Conditions!C7"], check=True)
    return path


def drop(driver, base, path):
    """Drops the file on the page as a person dragging it from their folder would: a drop event whose
    DataTransfer holds the file."""
    import base64
    from selenium.webdriver.common.by import By
    driver.get(base + "/")
    driver.execute_script("""
        var bytes = Uint8Array.from(atob(arguments[0]), function (c) { return c.charCodeAt(0); });
        var transfer = new DataTransfer();
        transfer.items.add(new File([bytes], arguments[1]));
        document.querySelector("label.drop").dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    """, base64.b64encode(open(path, "rb").read()).decode(), os.path.basename(path))
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "h1") and "Check your" not in driver.find_element(By.CSS_SELECTOR, "h1").text,
             f"no result page after dropping {path}")


def check_pages(driver, downloads, base, bcf, outdir, summary):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    driver.get(base + "/")
    expect(driver.find_element(By.TAG_NAME, "h1").text == "Check your Better Care Fund workbook", "the check page's heading")
    full_screenshot(driver, os.path.join(outdir, "check-form.png"))
    # Keyboard alone: Tab reaches the skip link, then the file field.
    body = driver.find_element(By.TAG_NAME, "body")
    reached = []
    for _ in range(8):
        body.send_keys(Keys.TAB) if not reached else driver.switch_to.active_element.send_keys(Keys.TAB)
        reached.append(driver.switch_to.active_element.get_attribute("id") or driver.switch_to.active_element.text)
        if reached[-1] == "workbook":
            break
    expect("workbook" in reached, f"the file field is reached with Tab: {reached}")

    drop(driver, base, SAMPLE)
    expect(driver.find_element(By.TAG_NAME, "h1").text == "Findings for planning-2017-19-sample.xlsx", "the sample's result heading")
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    expect("Better Care Fund 2017-19 Planning Template" in facts, f"the edition is recognised: {facts}")
    expect(summary["api_sample"]["hwb"] in facts, f"the area is recognised: {facts}")
    summary["page_sample_verdict"] = driver.find_element(By.ID, "verdict").text
    expect(not driver.find_elements(By.PARTIAL_LINK_TEXT, "with the problems highlighted"), "no highlighted copy is offered when nothing failed")
    full_screenshot(driver, os.path.join(outdir, "check-sample.png"))

    broken = make_broken(outdir)
    upload(driver, base, broken)
    oracle = json.loads(cli(bcf, "check", "--format", "json", os.path.basename(broken), cwd=outdir))[0]
    expect(oracle["errors"] >= 4, f"the edited workbook has its mistakes: {oracle['errors']} errors")
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.finding")
    expect(len(rows) == len(oracle["issues"]), f"every finding is shown: {len(rows)} rows, {len(oracle['issues'])} findings")
    page_text = driver.find_element(By.TAG_NAME, "main").text
    for issue in oracle["issues"]:
        expect(issue["message"] in page_text, f"the finding {issue['rule']} {issue['message']!r} is on the page")
    for section in driver.find_elements(By.CSS_SELECTOR, "section.sheet"):
        severities = [r.get_attribute("class").split()[1] for r in section.find_elements(By.CSS_SELECTOR, "tr.finding")]
        expect(severities == sorted(severities, key=["error", "warning", "info"].index), f"errors first within a sheet: {severities}")
    expect(f"{oracle['errors']} error" in driver.find_element(By.ID, "verdict").text, "the verdict counts the errors")
    summary["page_broken_findings"] = len(rows)
    full_screenshot(driver, os.path.join(outdir, "check-broken.png"))

    driver.find_element(By.PARTIAL_LINK_TEXT, "with the problems highlighted").click()
    annotated = wait_for_download(downloads, ".xlsx")
    driver.find_element(By.PARTIAL_LINK_TEXT, "findings (CSV)").click()
    findings_csv = wait_for_download(downloads, ".csv")
    time.sleep(0.5)
    expect(os.path.basename(annotated) == "Leeds BCF plan (checked).xlsx", f"the copy's name: {annotated}")
    notes = json.loads(subprocess.run([sys.executable, os.path.join(ROOT, "scripts/read_annotations.py"), annotated],
                                      check=True, capture_output=True, text=True).stdout)["comments"]
    for issue in oracle["issues"]:
        if issue["cells"] and issue["sheet"]:
            key = f"{issue['sheet']}!{issue['cells'][0].split(':')[0]}"
            expect(key in notes and issue["message"] in notes[key], f"the highlighted copy notes {issue['rule']} on {key}")
    # The copy reads as the same workbook: `bcf read` gives the model of the original.
    original = json.loads(cli(bcf, "read", broken))["model"]
    copy = json.loads(cli(bcf, "read", annotated))["model"]
    expect(original == copy, "the highlighted copy reads back with `bcf read` to the same values")
    rows_csv = list(csv.DictReader(io.StringIO(open(findings_csv, encoding="utf-8").read())))
    expect(len(rows_csv) == len(oracle["issues"]) and {r["rule"] for r in rows_csv} == {i["rule"] for i in oracle["issues"]}, "the CSV download holds the findings")
    summary["downloads"] = {"annotated_notes": len(notes), "csv_rows": len(rows_csv)}

    upload(driver, base, NOT_A_WORKBOOK)
    expect(driver.find_element(By.TAG_NAME, "h1").text == "This file could not be checked", "a file that is no workbook gets the refusal page")
    full_screenshot(driver, os.path.join(outdir, "check-refused.png"))


def round_pages(driver, base, outdir, summary):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    driver.get(base + "/round")
    rows = driver.find_elements(By.CSS_SELECTOR, "#areas tbody tr")
    expect(len(rows) > 10, f"the round lists its areas: {len(rows)}")
    full_screenshot(driver, os.path.join(outdir, "round.png"))
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("fails")
    shown = [r for r in rows if r.is_displayed()]
    expect(shown and all(r.get_attribute("data-status") == "fails" for r in shown), "the status filter shows failing areas only")
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("")
    errors = [b for b in driver.find_elements(By.CSS_SELECTOR, "#areas th button.sort") if b.text == "Errors"][0]
    errors.click()
    errors.click()
    ordered = [r.find_elements(By.TAG_NAME, "td")[4].text for r in driver.find_elements(By.CSS_SELECTOR, "#areas tbody tr")]
    numbers = [int(x) for x in ordered if x.isdigit()]
    expect(numbers == sorted(numbers, reverse=True), f"sorting by errors, largest first: {numbers[:10]}")
    totals = driver.find_element(By.ID, "totals-heading")
    expect(totals.is_displayed(), "national totals by funding source")
    cells = driver.find_elements(By.CSS_SELECTOR, "#scheme-types tbody td")
    expect(len(driver.find_elements(By.CSS_SELECTOR, "#scheme-types tbody tr")) >= 3, "national totals by scheme type, a row for each type")
    expect(all(int(c.get_attribute("data-pence")) >= 0 for c in cells) and sum(int(c.get_attribute("data-pence")) for c in cells) > 0,
           "every scheme type's total is a sum of pence")
    driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.ID, "unmatched-heading"))
    driver.save_screenshot(os.path.join(outdir, "round-totals.png"))
    summary["round"] = {"areas": len(rows), "failing": len(shown)}
    failing = driver.find_element(By.CSS_SELECTOR, "#areas tbody tr td a")
    name = failing.text
    failing.click()
    wait_for(lambda: driver.find_element(By.TAG_NAME, "h1").text == name, "the area page opens")
    full_screenshot(driver, os.path.join(outdir, "round-area.png"))
    status, headers, data = request(base, "GET", "/round/files/round.sqlite")
    expect(status == 200 and data[:15] == b"SQLite format 3", "the dataset downloads")
    status, _, _ = request(base, "GET", "/round/files/..%2F..%2Fetc%2Fpasswd")
    expect(status == 404, f"no path outside the round is served (got {status})")


def main():
    base, bcf, outdir = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    with_round = "--round" in sys.argv[4:]
    os.makedirs(outdir, exist_ok=True)
    summary = {}
    check_api(base, bcf, summary)
    driver, downloads = browser(outdir)
    try:
        check_pages(driver, downloads, base, bcf, outdir, summary)
        if with_round:
            round_pages(driver, base, outdir, summary)
    finally:
        driver.quit()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
