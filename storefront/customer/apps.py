import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: consent at registration, Vietnamese account pages."""

    name = "storefront.customer"
