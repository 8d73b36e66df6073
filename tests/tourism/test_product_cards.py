"""A card of an experience leads to its page, where the visit date is chosen; goods
keep the quick "add to basket" button."""

from bs4 import BeautifulSoup


def card(client, product):
    page = BeautifulSoup(client.get("/catalogue/").content, "html.parser")
    return page.find("article", attrs={"data-product-id": str(product.pk)})


def test_experience_card_links_to_the_page_for_the_visit_date(client, experience, goods):
    found = card(client, experience)
    assert found.find("form") is None
    link = found.find("a", class_="btn")
    assert "Chọn ngày tham quan" in link.get_text()
    assert link["href"] == experience.get_absolute_url()

    assert card(client, goods).find("form")["action"].endswith(f"/basket/add/{goods.pk}/")
