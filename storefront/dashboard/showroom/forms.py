"""Forms of the showroom screens: Vietnamese errors, bounded input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shops import ledger

QUANTITY_ERRORS = {
    "required": _("Nhập số lượng."),
    "invalid": _("Số lượng phải là số nguyên."),
    "min_value": _("Số lượng phải lớn hơn hoặc bằng %(limit_value)s."),
    "max_value": _("Số lượng tối đa là %(limit_value)s."),
}


QUANTITY_LABEL = _("Số lượng")


def quantity_field(*, minimum=1, label=QUANTITY_LABEL, required=True):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=ledger.MAX_QUANTITY,
        error_messages=QUANTITY_ERRORS,
    )


def note_field():
    return forms.CharField(label=_("Ghi chú"), max_length=255, required=False,
                           error_messages={"max_length": _("Ghi chú tối đa 255 ký tự.")})


class StockFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên hoặc mã sản phẩm"), max_length=100, required=False)
    low = forms.BooleanField(label=_("Chỉ hàng sắp hết"), required=False)


class StockRecordForm(forms.Form):
    """What showroom staff may change on their own record: price and alert level.
    Stock itself changes only through ledger movements."""

    price = forms.DecimalField(
        label=_("Giá bán (₫)"),
        min_value=1,
        max_value=1_000_000_000,
        decimal_places=0,
        max_digits=10,
        error_messages={
            "required": _("Nhập giá bán."),
            "invalid": _("Giá bán phải là số đồng, không có phần lẻ."),
            "min_value": _("Giá bán phải lớn hơn 0."),
            "max_value": _("Giá bán tối đa là 1 tỷ đồng."),
            "max_decimal_places": _("Đồng Việt Nam không có phần lẻ."),
            "max_digits": _("Giá bán tối đa là 1 tỷ đồng."),
        },
    )
    low_stock_threshold = forms.IntegerField(
        label=_("Báo sắp hết khi còn"),
        required=False,
        min_value=0,
        max_value=ledger.MAX_QUANTITY,
        error_messages={
            "invalid": _("Ngưỡng phải là số nguyên."),
            "min_value": _("Ngưỡng không được âm."),
            "max_value": _("Ngưỡng tối đa là %(limit_value)s."),
        },
    )


class ReceiveForm(forms.Form):
    quantity = quantity_field()
    note = note_field()


class WriteOffForm(forms.Form):
    quantity = quantity_field()
    reason = forms.ChoiceField(
        label=_("Lý do"),
        choices=[(r.value, r.label) for r in ledger.WRITE_OFF_REASONS],
        error_messages={"invalid_choice": _("Chọn lý do hủy hàng trong danh sách.")},
    )
    note = note_field()


class CountForm(forms.Form):
    counted = quantity_field(minimum=0, label=_("Số lượng đếm được"))
    note = note_field()


class TransferForm(forms.Form):
    target = forms.TypedChoiceField(
        label=_("Chuyển đến điểm bán"),
        coerce=int,
        error_messages={"invalid_choice": _("Chọn điểm bán nhận hàng trong danh sách.")},
    )
    quantity = quantity_field()
    note = note_field()

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(r.pk, r.partner.name) for r in targets]


class CounterLineForm(forms.Form):
    product = forms.CharField(label=_("Mã hoặc tên sản phẩm"), max_length=100, required=False)
    quantity = quantity_field(required=False)


CounterLineFormSet = forms.formset_factory(
    CounterLineForm, extra=5, max_num=ledger.MAX_SALE_LINES, absolute_max=ledger.MAX_SALE_LINES,
    validate_max=True,
)
