"""Random sequences of every ledger operation on two showrooms' records of one product:
after each step the level is the sum of movements, the allocation the sum of held
reservations, nothing is negative, and both match a plain model of what should be."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.apps.partner.exceptions import InvalidStockAdjustment

from shops import ledger
from shops.ledger import StockError
from shops.models import Reservation
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory

from .ledger_support import assert_reconciled, level

pytestmark = pytest.mark.django_db

side = st.integers(0, 1)
amount = st.integers(0, 8)
key = st.sampled_from(["k1", "k2", "k3"])
operation = st.one_of(
    st.tuples(st.just("receive"), side, amount),
    st.tuples(st.just("write_off"), side, amount),
    st.tuples(st.just("count"), side, amount),
    st.tuples(st.just("sell"), side, amount),
    st.tuples(st.just("transfer"), side, amount),
    st.tuples(st.just("reserve"), side, amount, key),
    st.tuples(st.just("release"), key),
    st.tuples(st.just("consume"), key),
    st.tuples(st.just("oscar_allocate"), side, amount),
    st.tuples(st.just("oscar_consume"), side, amount),
    st.tuples(st.just("oscar_cancel"), side, amount),
)


class Model:
    """What the two records should hold: [in_stock, allocated] and keyed holds."""

    def __init__(self, start, prefix):
        self.prefix = prefix  # keys are unique for ever: one namespace per example
        self.stock = [[start[0], 0], [start[1], 0]]
        self.keys = {}  # key -> [side, quantity, state]
        self.anonymous = [[], []]  # Oscar's holds per side, oldest first

    def free(self, i):
        return self.stock[i][0] - self.stock[i][1]


def run(op, records, model: Model):
    """Apply ``op`` to the ledger and to the model; the two must agree on refusal."""
    name, args = op[0], op[1:]
    pk = lambda i: records[i].pk  # noqa: E731
    m = model
    if name == "receive":
        i, q = args
        ok = q >= 1
        call = lambda: ledger.receive(pk(i), q, user=None)  # noqa: E731
        effect = lambda: m.stock[i].__setitem__(0, m.stock[i][0] + q)  # noqa: E731
    elif name in ("write_off", "sell"):
        i, q = args
        ok = 1 <= q <= m.free(i)
        call = (lambda: ledger.write_off(pk(i), q, reason="damaged", user=None)) if (
            name == "write_off") else (lambda: ledger.sell_in_store([(pk(i), q)], user=None))
        effect = lambda: m.stock[i].__setitem__(0, m.stock[i][0] - q)  # noqa: E731
    elif name == "count":
        i, q = args
        ok = q >= m.stock[i][1]
        call = lambda: ledger.count_correction(pk(i), q, user=None)  # noqa: E731
        effect = lambda: m.stock[i].__setitem__(0, q)  # noqa: E731
    elif name == "transfer":
        i, q = args
        ok = 1 <= q <= m.free(i)
        call = lambda: ledger.transfer(pk(i), pk(1 - i), q, user=None)  # noqa: E731

        def effect():
            m.stock[i][0] -= q
            m.stock[1 - i][0] += q
    elif name == "reserve":
        i, q, k = args
        k = m.prefix + k
        if k in m.keys:
            ok = m.keys[k][:2] == [i, q]
            effect = lambda: None  # noqa: E731
        else:
            ok = 1 <= q <= m.free(i)

            def effect():
                m.keys[k] = [i, q, "held"]
                m.stock[i][1] += q
        call = lambda: ledger.reserve(pk(i), q, key=k)  # noqa: E731
    elif name in ("release", "consume"):
        (k,) = args
        k = m.prefix + k
        hold = m.keys.get(k)
        state = hold[2] if hold else None
        if name == "release":
            ok = state in ("held", "released")
        else:
            ok = state in ("held", "consumed")
        call = (lambda: ledger.release(k)) if name == "release" else (lambda: ledger.consume(k))

        def effect():
            if state != "held":
                return
            i, q = hold[0], hold[1]
            hold[2] = "released" if name == "release" else "consumed"
            m.stock[i][1] -= q
            if name == "consume":
                m.stock[i][0] -= q
    elif name == "oscar_allocate":
        i, q = args
        ok = 1 <= q <= m.free(i)
        call = lambda: records[i].allocate(q)  # noqa: E731
        effect = lambda: m.stock[i].__setitem__(1, m.stock[i][1] + q)  # noqa: E731
    else:  # Oscar's consume (strict) or cancel (up to what is held) of any held units
        i, q = args
        held = m.stock[i][1]
        taken = min(q, held)
        ok = q >= 1 and (name == "oscar_cancel" or q <= held)
        call = (lambda: records[i].consume_allocation(q)) if name == "oscar_consume" else (
            lambda: records[i].cancel_allocation(q))

        def effect():
            m.stock[i][1] -= taken
            if name == "oscar_consume":
                m.stock[i][0] -= taken
            # Which holds were taken is the ledger's choice: read the keyed ones back.
            for k, hold in m.keys.items():
                hold[2] = Reservation.objects.filter(key=k).values_list("state", flat=True)[0]
    try:
        call()
    except (StockError, InvalidStockAdjustment):
        assert not ok, f"{op} was refused, the model allows it"
    else:
        assert ok, f"{op} went through, the model refuses it"
        effect()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(start=st.tuples(st.integers(0, 6), st.integers(0, 6)),
       ops=st.lists(operation, min_size=1, max_size=25))
def test_random_sequences_keep_stock_equal_to_the_sum_of_movements(start, ops):
    product = ProductFactory(stock=False)
    CertificateFactory(product=product)
    records = [StockRecordFactory(product=product, partner=PartnerFactory(), num_in_stock=n)
               for n in start]
    model = Model(start, prefix=f"{records[0].pk}-")
    for op in ops:
        run(op, records, model)
        assert [level(r) for r in records] == [tuple(s) for s in model.stock], op
        assert_reconciled(*records)
