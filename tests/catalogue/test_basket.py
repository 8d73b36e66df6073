"""The basket refuses uncertified products through Oscar's own views, and a
line whose certificate lapses blocks checkout until it is removed."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from catalogue.models import Certificate
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EXPIRES = dt.date(2026, 10, 15)

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


def product_with(**certificate):
    product = ProductFactory(title=certificate.pop("title", "Chả mực Hạ Long"))
    CertificateFactory(product=product, **certificate)
    return product


def add(client, product, quantity=1):
    return client.post(
        reverse("basket:add", kwargs={"pk": product.pk}),
        {"quantity": quantity},
        HTTP_REFERER=product.get_absolute_url(),
    )


def basket_lines(client):
    return list(client.get(reverse("basket:summary")).context["formset"].forms)


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_certified_product_goes_into_the_basket(client, groups):
    product = product_with()
    response = add(client, product, quantity=2)
    assert response.status_code == 302
    lines = basket_lines(client)
    assert [(f.instance.product_id, f.instance.quantity) for f in lines] == [(product.pk, 2)]


@pytest.mark.parametrize(
    "certificate",
    [
        {"issued_on": dt.date(2020, 1, 1), "expires_on": dt.date(2023, 1, 1)},
        {"status": Certificate.Status.REVOKED, "revoked_on": dt.date(2025, 6, 1)},
        {"status": Certificate.Status.SUSPENDED},
    ],
    ids=["expired", "revoked", "suspended"],
)
def test_adding_an_uncertified_product_is_refused_with_a_message(client, groups, certificate):
    product = product_with(**certificate)
    response = add(client, product)
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert any("không còn chứng nhận OCOP hợp lệ" in text for text in message_texts(response))
    assert basket_lines(client) == []


def test_a_never_certified_product_is_refused_too(client, groups):
    product = ProductFactory()
    add(client, product)
    assert basket_lines(client) == []


def remove_line_data(formset, product):
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": "1000",
    }
    for form in formset.forms:
        data[f"{form.prefix}-id"] = str(form.instance.pk)
        data[f"{form.prefix}-quantity"] = str(form.instance.quantity)
        if form.instance.product_id == product.pk:
            data[f"{form.prefix}-DELETE"] = "on"
    return data


def test_a_line_that_lapses_is_flagged_and_blocks_checkout_until_removed(client, groups):
    expiring = product_with(title="Nước mắm sá sùng", issued_on=dt.date(2023, 10, 15),
                            expires_on=EXPIRES)
    staying = product_with(title="Trà hoa vàng", issued_on=dt.date(2025, 1, 1),
                           expires_on=dt.date(2028, 1, 1))

    with at(2026, 10, 15, 23, 59):
        add(client, expiring)
        add(client, staying)
        html = client.get(reverse("basket:summary")).content.decode()
        assert "data-line-flag" not in html
        assert client.get(reverse("checkout:index")).status_code == 200

    with at(2026, 10, 16, 0, 0):
        response = client.get(reverse("basket:summary"))
        html = response.content.decode()
        assert html.count("data-line-flag") == 1
        assert "Không thể mua: Không còn chứng nhận OCOP hợp lệ" in html
        assert 'id="basket-blocked"' in html
        assert f'href="{reverse("checkout:index")}"' not in html  # no way on to checkout

        blocked = client.get(reverse("checkout:index"))
        assert blocked.status_code == 302
        assert blocked["Location"] == reverse("basket:summary")
        assert any("Nước mắm sá sùng" in text and "không còn chứng nhận OCOP hợp lệ" in text
                   for text in message_texts(blocked))

        formset = response.context["formset"]
        removed = client.post(reverse("basket:summary"), remove_line_data(formset, expiring))
        assert removed.status_code == 302
        assert [f.instance.product_id for f in basket_lines(client)] == [staying.pk]
        assert client.get(reverse("checkout:index")).status_code == 200


def test_a_price_change_is_still_warned_about(client, groups):
    product = product_with()
    add(client, product)
    product.stockrecords.update(price=Decimal("150000"))
    html = client.get(reverse("basket:summary")).content.decode()
    assert "125.000\xa0₫" in html and "150.000\xa0₫" in html
    assert "data-line-flag" not in html
