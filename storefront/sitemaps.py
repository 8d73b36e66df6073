"""/sitemap.xml: certified products, the six groups, showrooms and CMS pages."""

from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from catalogue.models import Product
from catalogue.selectors import group_categories
from shops.models import Partner


class ProductSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Product.objects.browsable().only("id", "slug", "date_updated").order_by("pk")

    def lastmod(self, product):
        return product.date_updated


class GroupSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return group_categories()


class ShowroomSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Partner.objects.filter(is_showroom=True, slug__isnull=False).order_by("pk")


SITEMAPS = {
    "pages": WagtailSitemap,
    "groups": GroupSitemap,
    "products": ProductSitemap,
    "showrooms": ShowroomSitemap,
}
