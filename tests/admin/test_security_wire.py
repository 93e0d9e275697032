"""The admin token, the refusal to expose the admin API without one, and SOAP credentials, on a real server."""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.commerce import available, client_for, parts_where
from support.process import Simulator, cli

from simulator.client.model import Line

pytestmark = pytest.mark.slow


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_non_loopback_host_needs_an_admin_token(tmp_path: Path) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--port", "1", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "--admin-token" in result.stderr


def test_the_admin_api_requires_the_bearer_token(tmp_path: Path) -> None:
    with Simulator(tmp_path / "t.db", workers=1, extra=("--admin-token", "s3cret", "--products", "30")) as sim:
        assert _status(sim.url + "/_admin/health") == 200
        assert _status(sim.url + "/_admin/faults") == 401
        assert _status(sim.url + "/_admin/faults", {"Authorization": "Bearer wrong"}) == 401
        assert _status(sim.url + "/_admin/faults", {"Authorization": "Bearer s3cret"}) == 200


def test_soap_services_require_usernametoken_or_basic_auth(tmp_path: Path) -> None:
    extra = ("--soap-username", "wcs", "--soap-password", "pw", "--products", "30")
    with Simulator(tmp_path / "s.db", workers=1, extra=extra) as sim:
        part = parts_where(sim, available(minimum=1))[0]
        anonymous = client_for(sim)
        with pytest.raises(Exception, match="UsernameToken or basic auth"):
            anonymous.get_inventory_availability([part])
        wrong = client_for(sim, username="wcs", password="nope")
        with pytest.raises(Exception, match="UsernameToken or basic auth"):
            wrong.reserve_inventory("1", [Line(part, 1)])
        token = client_for(sim, username="wcs", password="pw")
        assert token.get_inventory_availability([part]).records
        basic = "Basic " + base64.b64encode(b"wcs:pw").decode()
        body = b"<not-even-xml"
        request = urllib.request.Request(sim.url + "/services/InventoryServices", data=body, method="POST",
                                         headers={"Authorization": basic, "Content-Type": "text/xml"})
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(request, timeout=10)
        assert failed.value.code == 500  # past the credential check: the gateway refuses the bad XML itself
