default_app_config = 'storefront.customer.apps.CustomerConfig'
