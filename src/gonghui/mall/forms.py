from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.budgets.models import Festival
from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field

from .models import PRODUCT_FORMS, Order, Product, Supplier

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBERS_HELP = _("会员编号，每行一个；留空则发给本工会及下级工会的全部在册会员。")


class SupplierForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    local = forms.BooleanField(label=_("本地企业（本地特产）"), required=False)
    contact = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("电话"), max_length=20, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("列入目录的工会"))
        self.order_fields(["union"])
        bootstrap(self)


class ProductForm(BootstrapMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("供应商"), queryset=Supplier.objects.none())
    name = forms.CharField(label=_("商品名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Product.Kind.choices)
    form = forms.ChoiceField(label=_("形式"), choices=[*PRODUCT_FORMS, ("shopping_card", _("shopping card")),
                                                      ("cash", _("cash"))],
                             help_text=_("现金、购物卡和可兑现的券不得进入商城。"))
    price = YuanField(label=_("价格（元）"))
    stock = forms.IntegerField(label=_("库存"), min_value=0)
    description = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.restrict(user, "change").filter(active=True)


class MembersField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        return [n.strip() for n in (value or "").replace(",", "\n").replace("，", "\n").splitlines() if n.strip()]


class OrderForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("采购名称"), max_length=100)
    festival = forms.ChoiceField(label=_("节日"), choices=Festival.choices)
    delivery = forms.ChoiceField(label=_("配送"), choices=Order.Delivery.choices)
    members = MembersField(label=_("会员"), required=False, help_text=NUMBERS_HELP)

    def __init__(self, *args, user, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("采购的工会"))
        self.products = list(products)
        for p in self.products:
            self.fields[f"qty_{p.pk}"] = forms.IntegerField(
                label=f"{p.name}（{p.supplier.name}，{p.price_fen / 100:.2f} 元）每人数量", min_value=0, max_value=100,
                required=False)
        self.order_fields(["union", "title", "festival", "delivery"])
        bootstrap(self)

    def items(self):
        data = self.cleaned_data
        return [(p, data.get(f"qty_{p.pk}")) for p in self.products if data.get(f"qty_{p.pk}")]


class IssueForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("电子券名称"), max_length=100)
    festival = forms.ChoiceField(label=_("节日"), choices=Festival.choices)
    value = YuanField(label=_("每人券面金额（元）"))
    expires_on = forms.DateField(label=_("截止使用日期"), widget=DATE)
    members = MembersField(label=_("会员"), required=False, help_text=NUMBERS_HELP)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("发券的工会"))
        self.order_fields(["union"])
        bootstrap(self)


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=300, required=False)


class DeliverForm(BootstrapMixin, forms.Form):
    delivered_on = forms.DateField(label=_("配送日期"), widget=DATE)
    files = forms.FileField(label=_("发票或签收清单（PDF 或图片）"), required=False)
