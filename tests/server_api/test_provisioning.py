"""Central desktop settings: admins set them for all PCs or a group; every desktop
reads its own overlay; bad keys and secrets are refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

Headers = dict[str, str]
BASE = "/api/v1/provisioning/desktop"


def test_all_then_group_overlay_roles_and_bad_input(client: TestClient,
                                                    auth: dict[str, Headers]) -> None:
    admin, operator = auth["admin"], auth["operator"]
    everyone = client.put(f"{BASE}/groups/*", headers=admin, json={"settings": {
        "sip.registrar": "sip:pbx.city:5060", "desktop.wrap_up_limit_s": 30,
        "audio.echo_cancellation": True}})
    assert everyone.status_code == 200, everyone.text
    hall = client.put(f"{BASE}/groups/hall-2", headers=admin,
                      json={"settings": {"desktop.wrap_up_limit_s": 45}})
    assert hall.status_code == 200
    mine = client.get(BASE, params={"group": "hall-2"}, headers=operator).json()
    assert mine["settings"] == {"sip.registrar": "sip:pbx.city:5060",
                                "desktop.wrap_up_limit_s": "45",
                                "audio.echo_cancellation": "yes"}
    other = client.get(BASE, params={"group": "hall-9"}, headers=operator).json()
    assert other["settings"]["desktop.wrap_up_limit_s"] == "30"
    assert client.put(f"{BASE}/groups/hall-2", headers=operator,
                      json={"settings": {}}).status_code == 403
    for bad in ({"telepathy.mode": "on"}, {"sip.password": "x"}, {"nodot": "1"},
                {"sip.user": "x" * 501}):
        refused = client.put(f"{BASE}/groups/hall-2", headers=admin, json={"settings": bad})
        assert refused.status_code == 422, bad
        assert refused.json()["field"] == "settings"
    assert client.get(BASE, params={"group": "no spaces"}, headers=operator).status_code == 422
    groups = [g["group"] for g in client.get(f"{BASE}/groups", headers=admin).json()]
    assert {"*", "hall-2"} <= set(groups)
    assert client.delete(f"{BASE}/groups/hall-2", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/groups/hall-2", headers=admin).status_code == 404
    assert client.get(BASE, params={"group": "hall-2"},
                      headers=operator).json()["settings"]["desktop.wrap_up_limit_s"] == "30"
