from django.urls import path

from . import views

app_name = "mall"
urlpatterns = [
    path("", views.ProductList.as_view(), name="products"),
    path("products/new/", views.product_new, name="product_new"),
    path("suppliers/", views.SupplierList.as_view(), name="suppliers"),
    path("suppliers/new/", views.supplier_new, name="supplier_new"),
    path("orders/", views.OrderList.as_view(), name="orders"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/<str:action>/", views.order_action, name="order_action"),
    path("invoices/<int:pk>/", views.order_invoice, name="order_invoice"),
    path("vouchers/", views.IssueList.as_view(), name="issues"),
    path("vouchers/all/", views.VoucherList.as_view(), name="vouchers"),
    path("vouchers/new/", views.issue_new, name="issue_new"),
    path("vouchers/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("vouchers/<int:pk>/<str:action>/", views.issue_action, name="issue_action"),
    path("my/", views.my_vouchers, name="my_vouchers"),
    path("my/<int:pk>/", views.my_voucher, name="my_voucher"),
]
