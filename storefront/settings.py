"""Settings for the OCOP storefront.

Everything comes from the environment, with defaults that let a first run
work with nothing but Python: SQLite, eager Celery tasks, the database search
backend and Stripe in test mode.
"""

import os
from datetime import timedelta
from email.utils import parseaddr
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403

from storefront.checkout import statuses as _order_statuses
from storefront.production import DEVELOPMENT_SECRET_KEY, refuse_unsafe_production_settings
from storefront.sites import parse_site_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "*").split(",") if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
# With DEBUG off, the development key and ALLOWED_HOSTS=* stop start-up with a message.
refuse_unsafe_production_settings(
    debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS
)

# The public address (https://host[:port]) of the site: written into Django's and
# Wagtail's Site records by `migrate` / `sync_site` (storefront/sites.py), used by the
# sitemap, e-mails and absolute links. Unset: pages use the request's host.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
parse_site_url(SITE_URL)  # a malformed value stops start-up with a message

# --- HTTPS (on by default with DEBUG off; each can be turned off) -------------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Webhooks are POSTed by machines that do not follow a redirect (the registry's,
# Stripe's later): they are answered, never redirected. Matched against the path
# without its leading slash: registry/webhook/, checkout/stripe/webhook/, ...
SECURE_REDIRECT_EXEMPT = [r"^(?:[\w-]+/)*webhooks?/$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a proxy that terminates TLS and sets "X-Forwarded-Proto: https"
# (and strips that header from clients): DJANGO_SECURE_PROXY_SSL_HEADER=1.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Trusted proxies in front of Django: the client address is then read from
# X-Forwarded-For (login throttling counts per address).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# --- Content-Security-Policy (django-csp 4; storefront/csp.py) ----------------
# Our pages run only our own static scripts and styles: no inline code at all.
# Later features add just the sources they need (Stripe, map tiles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's stylesheet draws its icons as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Staff screens built from third-party templates with inline code get what they
# need on their own paths (why: storefront/csp.py). Django admin needs nothing.
STAFF_CSP = {
    # Oscar's dashboard: inline page set-up scripts and style attributes.
    "/dashboard/": {
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
    },
    # Wagtail's admin: inline scripts (date widgets, inline panels), inline
    # styles, and its live preview framing our own pages.
    "/cms/": {
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "frame-ancestors": [SELF],
    },
}
# Wagtail's admin would otherwise call out to gravatar.com and releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver serves static files as production does
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "csp",
    # Project apps; the Oscar forks keep Oscar's labels.
    "storefront.apps.StorefrontConfig",
    "catalogue.apps.CatalogueConfig",
    "shops.apps.PartnerConfig",
    "search.apps.SearchConfig",
    "cms.apps.CmsConfig",
    # Oscar
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "storefront.checkout.apps.CheckoutConfig",  # forked: Vietnamese checkout, payments
    "oscar.apps.address.apps.AddressConfig",
    "storefront.shipping.apps.ShippingConfig",  # forked: rates by weight and province
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "storefront.customer.apps.CustomerConfig",  # forked: consent at registration
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "storefront.fulfilment.apps.FulfilmentConfig",  # order pipeline, showroom handover
    "storefront.recalls.apps.RecallsConfig",  # recall notices to recent buyers
    "storefront.tourism.apps.TourismConfig",  # community-tourism vouchers
    # forked: scoped to the user's showrooms (shops.scoping), staff screens
    "storefront.dashboard.apps.DashboardConfig",
    "storefront.dashboard.showroom.apps.ShowroomDashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "storefront.dashboard.orders.apps.OrdersDashboardConfig",  # forked
    "storefront.dashboard.catalogue.apps.CatalogueDashboardConfig",  # forked
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "storefront.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    # Oscar's third-party apps
    "widget_tweaks",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Scheduling
    "django_celery_beat",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything else touches the request (hashed, compressed, cached).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a home page of 190 KB travels as ~25 KB). Django's gzip adds
    # random bytes to each response against BREACH-style guessing of the CSRF token.
    "django.middleware.gzip.GZipMiddleware",
    "storefront.csp.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A visitor who chose English with the switch: bare addresses -> /en/ (storefront/i18n.py).
    "storefront.i18n.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "catalogue.context_processors.ocop_groups",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: writers take the write lock when their
    # transaction begins and wait for each other instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 30}
    )
    # Django's SQLite backend plus a flush that may wipe the certificate tables,
    # whose trigger refuses any other DELETE (storefront/db/sqlite3/base.py).
    DATABASES["default"]["ENGINE"] = "storefront.db.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ocop"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL or None)
# Without a broker, tasks run in-process: a newcomer needs no worker.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Auth -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = (
    # First: refuses a locked-out login before any password is checked.
    "storefront.auth.ThrottledLoginBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = reverse_lazy("wagtail-home")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# --- Login throttling (django-axes; storefront/auth.py) -----------------------
# AXES_FAILURE_LIMIT failed logins of one login name from one address lock that
# pair for AXES_COOLOFF_TIME, the right password included; a success resets.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "storefront.auth.login_name"
AXES_CLIENT_IP_CALLABLE = "storefront.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "storefront.auth.lockout_response"
AXES_COOLOFF_MESSAGE = _("Đăng nhập tạm thời bị khóa do nhập sai mật khẩu quá nhiều lần. "
                         "Vui lòng thử lại sau.")

# --- Locale -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# First in the search order: these override Django's, Oscar's and Wagtail's own.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
# Development serves files straight from the apps and needs no STATIC_ROOT (WhiteNoise
# would warn that it is missing); production collects them there.
STATIC_ROOT = (
    Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
    if os.environ.get("STATIC_ROOT") or not DEBUG
    else None
)
# Leaflet, served from our own static files (django-leaflet ships it). Not an
# installed app: its admin module needs GDAL, which this project does not use.
STATICFILES_DIRS = [Path(find_spec("leaflet").submodule_search_locations[0]) / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production (DEBUG off) WhiteNoise serves what `collectstatic` wrote: our CSS
    # and JavaScript minified, hashed names, gzip and Brotli copies, cached for ten
    # years as immutable. In development the files are served as they are, straight
    # from the apps.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "storefront.staticfiles.MinifiedManifestStorage"
    },
}

# --- Oscar ------------------------------------------------------------------
OSCAR_SHOP_NAME = "OCOP Việt Nam"
OSCAR_SHOP_TAGLINE = _("Sản phẩm OCOP được chứng nhận")
# Reversed when used, so English pages lead to English ones (/en/).
OSCAR_HOMEPAGE = reverse_lazy("wagtail-home")
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_CURRENCY_FORMAT = {"VND": {"format": "#,##0\xa0¤", "currency_digits": False}}
OSCAR_PRODUCTS_PER_PAGE = 24
# "đ" has no Unicode decomposition: map it so slugs read "dong", not "u0111ong".
OSCAR_SLUG_MAP = {"đ": "d", "Đ": "D"}
OSCAR_ALLOW_ANON_CHECKOUT = True
# Phone numbers without +84 are read as Vietnamese (0912 345 678).
PHONENUMBER_DEFAULT_REGION = "VN"
# Vietnamese addresses need no postcode (nobody delivers by it); no city/state either.
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "country")
# Cash on delivery is offered up to this order total (đồng).
OCOP_COD_MAX_ORDER_VND = int(os.environ.get("OCOP_COD_MAX_ORDER_VND", "5000000"))
# Who hears about payment problems (amount mismatches, disputes, refunds made in
# Stripe's dashboard): "Name <e-mail>" entries, comma-separated.
MANAGERS = [
    parseaddr(entry.strip())
    for entry in os.environ.get("DJANGO_MANAGERS", "").split(",")
    if entry.strip()
]
# An unpaid card order is cancelled (its units released) this long after placing.
OCOP_UNPAID_CARD_ORDER_MINUTES = int(os.environ.get("OCOP_UNPAID_CARD_ORDER_MINUTES", "60"))
# A click & collect order not collected within this many days is released.
OCOP_PICKUP_COLLECT_DAYS = int(os.environ.get("OCOP_PICKUP_COLLECT_DAYS", "7"))
OSCAR_FROM_EMAIL = "shop@ocop.example.vn"
# Order statuses and their allowed moves (storefront/checkout/statuses.py).
OSCAR_ORDER_STATUS_PIPELINE = _order_statuses.ORDER_PIPELINE
OSCAR_INITIAL_ORDER_STATUS = _order_statuses.PENDING_PAYMENT
OSCAR_LINE_STATUS_PIPELINE = _order_statuses.LINE_PIPELINE
OSCAR_INITIAL_LINE_STATUS = _order_statuses.LINE_NEW
# The showroom screens, second in the dashboard menu; Oscar shows an entry only to
# users its URL admits (head office and showroom staff). Stock is received, written
# off, counted and transferred from the stock list, one product at a time.
OSCAR_DASHBOARD_NAVIGATION = [
    OSCAR_DASHBOARD_NAVIGATION[0],  # noqa: F405
    {
        "label": _("Điểm bán"),
        "icon": "fas fa-store",
        "children": [
            {"label": _("Tồn kho"), "url_name": "dashboard:showroom-stock"},
            {"label": _("Bán tại quầy"), "url_name": "dashboard:showroom-counter"},
            {"label": _("Đơn chờ nhận"), "url_name": "dashboard:order-pickup-queue"},
            {"label": _("Nhập/xuất kho"), "url_name": "dashboard:showroom-stock"},
            {"label": _("Cần rút khỏi kệ"), "url_name": "dashboard:showroom-withdraw"},
            {"label": _("Biến động kho"), "url_name": "dashboard:showroom-movements"},
            {"label": _("Phiếu trải nghiệm"), "url_name": "dashboard:showroom-vouchers"},
        ],
    },
    *OSCAR_DASHBOARD_NAVIGATION[1:],  # noqa: F405
]
# Revoked certificates and the orders they concern, under Oscar's order menu.
OSCAR_DASHBOARD_NAVIGATION = [
    {**entry, "children": [*entry["children"], {"label": _("Thu hồi chứng nhận"),
                                                "url_name": "dashboard:order-recalls"}]}
    if any(child.get("url_name") == "dashboard:order-list" for child in entry.get("children", ()))
    else entry
    for entry in OSCAR_DASHBOARD_NAVIGATION
]


def _site_scheme() -> str:
    from storefront.sites import site_scheme

    return site_scheme()


# Oscar's e-mails build links as OSCAR_URL_SCHEMA://<Site domain><path>: the scheme
# follows SITE_URL, read when a link is built (so test overrides apply too).
OSCAR_URL_SCHEMA = lazy(_site_scheme, str)()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Oscar still imports its haystack-based search module; the simple engine keeps
# it importable without a haystack index. Product search is ours (search/).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "OCOP Việt Nam"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
# Pages in Vietnamese and English: an editor copies a page to English
# (wagtail.contrib.simple_translation) and translates it there.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Slugs in ASCII ("Hội chợ OCOP" -> hoi-cho-ocop), folded by cms/slugs.py.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Elasticsearch (product search) -------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "ocop")
# Seconds before a search gives up on Elasticsearch and answers from the database.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2"))

# --- Stripe (test mode by default) --------------------------------------------
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_test_placeholder")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "pk_test_placeholder")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_TIMEOUT = float(os.environ.get("STRIPE_TIMEOUT", "20"))
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
STRIPE_WEBHOOK_MAX_BYTES = int(os.environ.get("STRIPE_WEBHOOK_MAX_BYTES", str(256 << 10)))
# The card payment page alone loads Stripe.js and its frames (CSP added there only).
STRIPE_CSP = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}

# --- OCOP registry --------------------------------------------------------------
OCOP_REGISTRY_URL = os.environ.get("OCOP_REGISTRY_URL", "")
OCOP_REGISTRY_TOKEN = os.environ.get("OCOP_REGISTRY_TOKEN", "")
OCOP_REGISTRY_WEBHOOK_SECRET = os.environ.get("OCOP_REGISTRY_WEBHOOK_SECRET", "")
OCOP_REGISTRY_PAGE_SIZE = int(os.environ.get("OCOP_REGISTRY_PAGE_SIZE", "1000"))
OCOP_REGISTRY_TIMEOUT = float(os.environ.get("OCOP_REGISTRY_TIMEOUT", "30"))
OCOP_REGISTRY_MAX_RETRIES = int(os.environ.get("OCOP_REGISTRY_MAX_RETRIES", "5"))
OCOP_REGISTRY_SYNC_MINUTES = int(os.environ.get("OCOP_REGISTRY_SYNC_MINUTES", "15"))
OCOP_REGISTRY_RETRY_BASE_DELAY = float(os.environ.get("OCOP_REGISTRY_RETRY_BASE_DELAY", "1"))
OCOP_REGISTRY_RETRY_MAX_DELAY = float(os.environ.get("OCOP_REGISTRY_RETRY_MAX_DELAY", "300"))
# Bounds of one feed run: pages followed, bytes of one page (the timeout above
# covers a whole page, not one socket read).
OCOP_REGISTRY_MAX_PAGES = int(os.environ.get("OCOP_REGISTRY_MAX_PAGES", "1000"))
OCOP_REGISTRY_MAX_PAGE_BYTES = int(os.environ.get("OCOP_REGISTRY_MAX_PAGE_BYTES", str(64 << 20)))
# Runs (feed and imports) beat while they work; one silent this long died with
# its process and is closed as failed. Keep it above OCOP_REGISTRY_TIMEOUT.
OCOP_REGISTRY_RUN_STALE_SECONDS = int(os.environ.get("OCOP_REGISTRY_RUN_STALE_SECONDS", "120"))
OCOP_REGISTRY_WEBHOOK_MAX_BYTES = int(
    os.environ.get("OCOP_REGISTRY_WEBHOOK_MAX_BYTES", str(256 << 10))
)
# Recognition-decision files (spreadsheet imports): refused whole beyond these.
OCOP_IMPORT_MAX_FILE_BYTES = int(os.environ.get("OCOP_IMPORT_MAX_FILE_BYTES", str(20 << 20)))
OCOP_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("OCOP_IMPORT_MAX_UNPACKED_BYTES", str(100 << 20))
)
OCOP_IMPORT_MAX_ROWS = int(os.environ.get("OCOP_IMPORT_MAX_ROWS", "50000"))
OCOP_IMPORT_MAX_CELL_CHARS = int(os.environ.get("OCOP_IMPORT_MAX_CELL_CHARS", "2000"))

# Map tiles of the locator and the OCOP map ({z}/{x}/{y}; empty: no tiles). Its host
# is added to img-src on the map pages only (shops/maps.py).
OCOP_MAP_TILE_URL = os.environ.get(
    "OCOP_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Periodic tasks (django-celery-beat copies these into its database) ----------
CELERY_BEAT_SCHEDULE = {
    "registry-sync": {
        "task": "catalogue.tasks.sync_registry",
        "schedule": OCOP_REGISTRY_SYNC_MINUTES * 60,
    },
    "certificate-expiry-digest": {
        "task": "catalogue.tasks.certificate_expiry_digest",
        # Just after local midnight (CELERY_TIMEZONE): expiries are announced minutes
        # after they take effect (the rule itself needs no task).
        "schedule": crontab(hour=0, minute=5),  # Asia/Ho_Chi_Minh
    },
    # Wagtail pages whose scheduled go-live or expiry time has passed.
    "cms-publish-scheduled": {"task": "cms.publish_scheduled", "schedule": 60},
    "stock-reservations-expiry": {
        "task": "shops.tasks.expire_reservations",
        # Expired holds already free their units when the record is next reserved;
        # this run returns the rest to free stock for consumers within a minute.
        "schedule": 60,
    },
    "checkout-cancel-unpaid-card-orders": {
        "task": "storefront.checkout.tasks.cancel_unpaid_card_orders",
        "schedule": 5 * 60,
    },
    "fulfilment-release-uncollected": {
        "task": "storefront.fulfilment.tasks.release_uncollected_pickups",
        "schedule": crontab(minute=15),  # hourly
    },
    "tourism-close-past-vouchers": {
        "task": "storefront.tourism.tasks.close_past_vouchers",
        # After local midnight: unused vouchers of yesterday's visits use or free their place.
        "schedule": crontab(hour=0, minute=10),  # Asia/Ho_Chi_Minh
    },
}
