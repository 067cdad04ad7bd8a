"""Open311 GeoReport v2: discovery, services, requests and tokens in JSON and XML,
with the spec's error lists; created requests are ordinary web appeals."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from server_api.auth.service import create_api_key
from server_api.db import session_scope
from server_api.models import Appeal

V2 = "/open311/v2"
ADDRESS = "просп. Голосіївський, 31"
PHONE = "+380671110311"


@pytest.fixture(scope="module")
def api_key(client: TestClient) -> str:
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return create_api_key(session, "open311-tests")


def _post(client: TestClient, fmt: str = "json", **fields: str) -> tuple[int, object]:
    response = client.post(f"{V2}/requests.{fmt}", data=fields)
    body = response.json() if fmt == "json" else ElementTree.fromstring(response.content)
    return response.status_code, body


def _good_request(key: str, **overrides: str) -> dict[str, str]:
    fields = {"api_key": key, "service_code": "3.1", "address_string": ADDRESS,
              "description": "Ліфт стоїть третій день", "first_name": "Ганна",
              "last_name": "Мельник", "phone": "067 111 03 11", "account_id": "acc-7",
              "media_url": "https://example.org/lift.jpg"}
    fields.update(overrides)
    return fields


def _error(body: object) -> dict[str, object]:
    assert isinstance(body, list)
    assert len(body) == 1
    error: dict[str, object] = body[0]
    assert set(error) >= {"code", "description"}
    return error


def test_discovery_json_and_xml(client: TestClient) -> None:
    body = client.get(f"{V2}/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    root = ElementTree.fromstring(client.get(f"{V2}/discovery.xml").content)
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/type") == "production"
    assert root.findtext("endpoints/endpoint/formats/format") == "application/json"


def test_services_list_and_definition(client: TestClient) -> None:
    services = client.get(f"{V2}/services.json").json()
    lift = next(s for s in services if s["service_code"] == "3.1")
    assert lift == {**lift, "service_name": "Не працює пасажирський ліфт", "metadata": False,
                    "type": "realtime", "group": "Житлове господарство"}
    root = ElementTree.fromstring(client.get(f"{V2}/services.xml").content)
    assert root.tag == "services"
    assert len(root.findall("service")) == len(services)
    assert root.find("service/metadata") is not None
    assert root.findtext("service/metadata") == "false"

    definition = client.get(f"{V2}/services/3.1.json")
    assert definition.status_code == 200
    assert definition.json() == {"service_code": "3.1", "attributes": []}
    unknown = client.get(f"{V2}/services/99.99.json")
    assert unknown.status_code == 404
    assert _error(unknown.json())["code"] == 404


def test_post_errors(client: TestClient, api_key: str) -> None:
    status, body = _post(client, **_good_request(api_key, api_key=""))
    assert (status, _error(body)["code"]) == (403, 403)
    status, body = _post(client, **_good_request("kc1551_wrong"))
    assert (status, _error(body)["error_code"]) == (403, "bad_api_key")
    status, body = _post(client, **_good_request(api_key, phone="12ab"))
    assert (status, _error(body)["error_code"]) == (400, "invalid_phone")
    status, body = _post(client, **_good_request(api_key, service_code="99.99"))
    assert (status, _error(body)["error_code"]) == (400, "unknown_service")
    status, body = _post(client, **_good_request(api_key, address_string="вул. Неіснуюча, 1"))
    assert status == 400
    assert "не знайдено" in str(_error(body)["description"])


def test_xml_error_shape(client: TestClient) -> None:
    response = client.post(f"{V2}/requests.xml", data={"service_code": "3.1"})
    assert response.status_code == 403
    root = ElementTree.fromstring(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "403"
    assert root.findtext("error/description")
    missing = client.get(f"{V2}/requests/999999999.xml")
    assert missing.status_code == 404
    assert ElementTree.fromstring(missing.content).findtext("error/code") == "404"


def test_create_then_read_back(client: TestClient, api_key: str) -> None:
    status, body = _post(client, **_good_request(api_key))
    assert status == 201, body
    assert isinstance(body, list)
    created = body[0]
    assert created["account_id"] == "acc-7"
    request_id = created["service_request_id"]
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        appeal = session.get(Appeal, int(request_id))
        assert appeal is not None
        assert appeal.channel == "web"
        assert appeal.problem.code == "3.1"
        assert appeal.building.street == "просп. Голосіївський"
        assert appeal.citizen.full_name == "Ганна Мельник"
        first_id = appeal.id

    # The same problem at the same building again: a repeat, said in the notice.
    status, body = _post(client, "xml", **_good_request(api_key, description="Знову ліфт"))
    assert status == 201
    assert isinstance(body, ElementTree.Element)
    assert "вже в роботі" in (body.findtext("request/service_notice") or "")
    second_id = body.findtext("request/service_request_id")
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        repeat = session.get(Appeal, int(second_id or 0))
        assert repeat is not None
        assert repeat.repeat_of_id == first_id

    one = client.get(f"{V2}/requests/{request_id}.json").json()
    assert len(one) == 1
    assert one[0] == {**one[0], "service_request_id": request_id, "status": "open",
                      "service_code": "3.1", "description": "Ліфт стоїть третій день",
                      "media_url": "https://example.org/lift.jpg", "lat": None, "long": None}
    assert one[0]["agency_responsible"]
    assert one[0]["expected_datetime"] > one[0]["requested_datetime"]
    assert "Голосіївський, 31" in one[0]["address"]
    token = client.get(f"{V2}/tokens/{request_id}.json").json()
    assert token == [{"service_request_id": request_id, "token": request_id}]


def test_request_filters(client: TestClient, api_key: str) -> None:
    made = [_post(client, **_good_request(api_key, service_code=code, phone=PHONE))
            for code in ("3.4", "3.5")]
    ids = [str(body[0]["service_request_id"]) for _, body in made]  # type: ignore[index]

    def found(**params: str) -> set[str]:
        response = client.get(f"{V2}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return {r["service_request_id"] for r in response.json()}

    assert found(service_request_id=",".join(ids)) == set(ids)
    assert ids[0] in found(service_code="3.4")
    assert ids[1] not in found(service_code="3.4")
    assert set(ids) <= found(status="open")
    assert not set(ids) & found(status="closed")
    assert not set(ids) & found(end_date="2001-01-01T00:00:00Z")
    assert set(ids) <= found(start_date="2001-01-01T00:00:00+02:00")
    xml = ElementTree.fromstring(client.get(f"{V2}/requests.xml",
                                            params={"service_request_id": ids[0]}).content)
    assert xml.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in xml.findall("request")] == [ids[0]]

    for params in ({"status": "pending"}, {"start_date": "вчора"},
                   {"service_request_id": "1,abc"}):
        response = client.get(f"{V2}/requests.json", params=params)
        assert response.status_code == 400
        assert _error(response.json())["code"] == 400


def test_unknown_resource_format_and_location(client: TestClient, api_key: str) -> None:
    unknown = client.get(f"{V2}/nothing_here.xml")
    assert unknown.status_code == 404
    assert ElementTree.fromstring(unknown.content).findtext("error/code") == "404"
    bad_format = client.get(f"{V2}/services.csv")
    assert bad_format.status_code == 400
    assert _error(bad_format.json())["error_code"] == "unknown_format"
    status, body = _post(client, **_good_request(api_key, address_string=""))
    assert (status, _error(body)["error_code"]) == (400, "location_required")
    status, body = _post(client, **_good_request(api_key, address_string="", lat="50.45",
                                                 long="30.52"))
    assert (status, _error(body)["error_code"]) == (400, "location_unsupported")
    status, body = _post(client, **_good_request(api_key, service_code="3.6"))
    assert status == 201, body
    made = str(body[0]["service_request_id"])  # type: ignore[index]
    building_id = client.get(f"{V2}/requests/{made}.json").json()[0]["address_id"]
    status, body = _post(client, **_good_request(api_key, address_string="",
                                                 address_id=str(building_id)))
    assert status == 201, body
