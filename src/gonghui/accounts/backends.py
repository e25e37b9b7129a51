"""Sign-in by mobile number: with a password, or with a code sent by SMS. The number is found
by its look-up hash (User.phone is encrypted)."""

from django.contrib.auth.backends import ModelBackend

from .models import SmsCode, User


class PhonePasswordBackend(ModelBackend):
    def authenticate(self, request, phone=None, password=None, **kwargs):
        if not phone or password is None:
            return None
        user = User.by_phone(phone).first()
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class SmsCodeBackend(ModelBackend):
    def authenticate(self, request, phone=None, sms_code=None, **kwargs):
        if not phone or not sms_code:
            return None
        user = User.by_phone(phone).first()
        if user and self.user_can_authenticate(user) and SmsCode.consume(phone, sms_code):
            return user
        return None
