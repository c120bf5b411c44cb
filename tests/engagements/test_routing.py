"""Hosts: the consultancy's site, a municipality's site, and hosts that are neither."""

from django.test import Client

from tests.conftest import persona, signed_in_client


def test_an_unknown_municipality_host_gets_a_friendly_404_that_leads_home(db):
    response = Client(HTTP_HOST="nowhere.localhost:8000").get("/phases/1/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no municipality at this address." in page
    assert 'href="http://localhost:8000/"' in page


def test_an_unknown_host_is_a_404_even_for_a_signed_in_user(db):
    client = signed_in_client(persona("carla"))
    client.defaults["HTTP_HOST"] = "gamma.localhost"

    assert client.get("/").status_code == 404


def test_a_host_outside_the_base_domain_gets_the_same_404_page(db):
    response = Client(HTTP_HOST="evil.example").get("/")

    assert response.status_code == 404
    assert "There is no municipality at this address." in response.content.decode()


def test_each_municipality_host_serves_its_own_engagement(alpha, beta):
    alpha_page = signed_in_client(persona("carla"), alpha).get("/").content.decode()
    beta_page = signed_in_client(persona("bert"), beta).get("/").content.decode()

    assert "Altstadt" in alpha_page and "Bergdorf" not in alpha_page
    assert "Bergdorf" in beta_page and "Altstadt" not in beta_page
