"""Signs request cases with the official tencentcloud-sdk-python signer.

Usage: tc3_crosscheck.py CASES.json OUT.json CACHE_DIR

For each case (written by the Rust test ``python_signer``) this records:

- ``signature``: the SDK's TC3 signature of the case's exact body, host, content type
  and timestamp (``AbstractClient._get_tc3_signature``);
- ``built``: a request the SDK builds itself from the case's parameters
  (``AbstractClient._build_req_with_tc3_signature`` at the case's timestamp): its body and
  headers, including ``Authorization``, for the Rust signer to reproduce.
"""

import datetime
import json
import os
import sys
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tcsdk import ensure_sdk  # noqa: E402


def main(cases_path, out_path, cache_dir):
    ensure_sdk(cache_dir)
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.http.request import RequestInternal
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)

    results = []
    for case in cases:
        cred = (
            credential.Credential(case["secret_id"], case["secret_key"], case["token"])
            if case.get("token")
            else credential.Credential(case["secret_id"], case["secret_key"])
        )
        profile = ClientProfile(httpProfile=HttpProfile(endpoint=case["host"]))
        if case.get("language"):
            profile.language = case["language"]
        client = CommonClient(case["service"], case["version"], cred, case.get("region") or "", profile)

        # 1. The SDK's signature over our exact bytes.
        req = RequestInternal(case["host"], "POST", "/")
        req.data = case["payload"]
        req.header = {
            "Content-Type": case["content_type"],
            "Host": case["host"],
            "X-TC-Timestamp": str(case["timestamp"]),
        }
        date = datetime.datetime.fromtimestamp(case["timestamp"], datetime.timezone.utc).strftime("%Y-%m-%d")
        signature = client._get_tc3_signature({}, req, date, case["service"], case["secret_key"])

        # 2. A request the SDK builds and signs end to end at the case's timestamp.
        built_req = RequestInternal(case["host"], "POST", "/")
        params = json.loads(case["payload"])
        with mock.patch("tencentcloud.common.abstract_client.time.time", return_value=case["timestamp"]):
            client._build_req_with_tc3_signature(case["action"], params, built_req)
        results.append(
            {
                "id": case["id"],
                "signature": signature,
                "built": {"body": built_req.data, "headers": dict(built_req.header)},
            }
        )

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False)
    print(f"signed {len(results)} cases with tencentcloud-sdk-python", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
