from oscar.apps.customer.models import * 
