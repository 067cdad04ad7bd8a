<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="uk_UA">
<context>
    <name>AgentStateBar</name>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="29"/>
        <source>Стан оператора</source>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="34"/>
        <source>Поточний стан</source>
        <translation>Current state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="37"/>
        <location filename="../../operator_app/ui/state_bar.py" line="79"/>
        <location filename="../../operator_app/ui/state_bar.py" line="127"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="38"/>
        <source>Готовий приймати дзвінки</source>
        <translation>Ready to take calls</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="41"/>
        <location filename="../../operator_app/ui/state_bar.py" line="83"/>
        <source>Не готовий</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="42"/>
        <source>Не готовий, з причиною</source>
        <translation>Not ready, with a reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="50"/>
        <source>Завершити обробку</source>
        <translation>Finish wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="51"/>
        <source>Завершити післядзвінкову обробку</source>
        <translation>Finish after-call wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="70"/>
        <source>Перерва</source>
        <translation>Break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="71"/>
        <source>Навчання</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="72"/>
        <source>Технічна проблема</source>
        <translation>Technical problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="73"/>
        <source>Нарада</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="84"/>
        <source>Не готовий: {0}</source>
        <translation>Not ready: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="86"/>
        <source>Розмова</source>
        <translation>On call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="88"/>
        <source>Обробка після дзвінка</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="89"/>
        <source>Не в мережі</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="137"/>
        <source>залишилось {0} с</source>
        <translation>{0} s left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="105"/>
        <source>SIP не зареєстровано: дзвінки не надходитимуть</source>
        <translation>SIP not registered: calls will not arrive</translation>
    </message>
</context>
<context>
    <name>AppealForm</name>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="90"/>
        <source>Форма звернення</source>
        <translation>Appeal form</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="105"/>
        <source>Телефон заявника</source>
        <translation>Caller&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="106"/>
        <source>Телефон:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="108"/>
        <source>Прізвище, ім&apos;я заявника</source>
        <translation>Caller&apos;s full name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="109"/>
        <source>ПІБ:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="112"/>
        <source>Почніть вводити код або назву проблеми</source>
        <translation>Start typing a problem code or name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="113"/>
        <source>Проблема за класифікатором</source>
        <translation>Problem from the classifier</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="123"/>
        <source>Класифікатор</source>
        <translation>Classifier</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="131"/>
        <source>Проблема:</source>
        <translation>Problem:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="134"/>
        <source>Вулиця та номер будинку</source>
        <translation>Street and house number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="135"/>
        <source>Адреса будинку</source>
        <translation>Building address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="149"/>
        <source>Адреса:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="152"/>
        <source>Квартира</source>
        <translation>Flat</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="154"/>
        <source>Під&apos;їзд</source>
        <translation>Entrance</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="158"/>
        <source>Квартира:</source>
        <translation>Flat:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="160"/>
        <source>Під&apos;їзд:</source>
        <translation>Entrance:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="165"/>
        <source>Опис проблеми</source>
        <translation>Problem description</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="173"/>
        <source>Опис:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="176"/>
        <source>Номер для зворотного зв&apos;язку</source>
        <translation>Callback number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="177"/>
        <source>Номер для відповіді:</source>
        <translation>Callback number:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="195"/>
        <source>Відкриті звернення з тією ж проблемою</source>
        <translation>Open appeals with the same problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="196"/>
        <source>Приєднати до існуючого</source>
        <translation>Join the existing appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="197"/>
        <source>Приєднати заявника до існуючого звернення</source>
        <translation>Join the caller to the existing appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="214"/>
        <location filename="../../operator_app/ui/appeal_form.py" line="215"/>
        <source>Зареєструвати звернення</source>
        <translation>Register appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="218"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="329"/>
        <source>{0} р-н</source>
        <translation>{0} district</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="341"/>
        <source>Визначаємо виконавця…</source>
        <translation>Finding the executor…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="348"/>
        <source>Виконавець: {0}; термін: {1} дн. (сервер недоступний, уточнення пізніше)</source>
        <translation>Executor: {0}; term: {1} days (server unavailable, to be confirmed later)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="359"/>
        <source>Виконавець: {0}. Термін виконання: до {1} ({2} дн.)</source>
        <translation>Executor: {0}. Deadline: {1} ({2} days)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="362"/>
        <source> — АВАРІЙНА</source>
        <translation> — EMERGENCY</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="367"/>
        <source>Увага: за цією адресою вже є відкрите звернення з цієї проблеми ({0}). Краще приєднати заявника до існуючого, ніж створювати повторне.</source>
        <translation>Warning: this building already has an open appeal about this problem ({0}). Join the caller to it rather than registering a repeat.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="371"/>
        <source>№ {0} — {1}, до {2}</source>
        <translation>No. {0} — {1}, due {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="458"/>
        <source>Оберіть проблему з класифікатора</source>
        <translation>Choose a problem from the classifier</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="463"/>
        <source>Оберіть будинок зі списку адрес</source>
        <translation>Choose a building from the address list</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="425"/>
        <source>Опишіть проблему словами заявника</source>
        <translation>Describe the problem in the caller&apos;s words</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="427"/>
        <source>Опис задовгий: {0} знаків, можна не більше {1}</source>
        <translation>The description is too long: {0} characters, at most {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="488"/>
        <source>Надсилаємо…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="498"/>
        <source>Заявника приєднано до звернення</source>
        <translation>The caller has joined appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="500"/>
        <source>Звернення зареєстровано</source>
        <translation>Appeal registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="503"/>
        <source>Термін: до {0}</source>
        <translation>Deadline: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="513"/>
        <source>Сервер недоступний: звернення збережене на цьому комп&apos;ютері ({0}) і буде надіслане автоматично. Номер повідомте заявнику у зворотному дзвінку.</source>
        <translation>Server unavailable: the appeal is saved on this computer ({0}) and will be sent automatically. Give the caller the number in a callback.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="591"/>
        <source>Відновлено незавершене звернення.</source>
        <translation>An unfinished appeal was restored.</translation>
    </message>
</context>
<context>
    <name>AppealTable</name>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="38"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="38"/>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="38"/>
        <source>Проблема</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="38"/>
        <source>Адреса</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="39"/>
        <source>Термін</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="72"/>
        <source>{0} ⚠</source>
        <translation>{0} ⚠</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="85"/>
        <source>Прострочено: термін {0}</source>
        <translation>Overdue: deadline {0}</translation>
    </message>
</context>
<context>
    <name>ConsultationPanel</name>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="45"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="49"/>
        <source>Пошук у базі знань (Ctrl+K)</source>
        <translation>Search the knowledge base (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="50"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="57"/>
        <source>Знайдені статті</source>
        <translation>Articles found</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="61"/>
        <source>Стаття бази знань</source>
        <translation>Knowledge base article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="66"/>
        <source>База знань</source>
        <translation>Knowledge base</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="71"/>
        <source>Організація, служба, телефон</source>
        <translation>Organisation, service, phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="72"/>
        <source>Пошук у довіднику</source>
        <translation>Directory search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="76"/>
        <source>Довідник</source>
        <translation>Directory</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="81"/>
        <location filename="../../operator_app/ui/consultation.py" line="82"/>
        <source>Тема консультації</source>
        <translation>Consultation topic</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="84"/>
        <location filename="../../operator_app/ui/consultation.py" line="85"/>
        <source>Зафіксувати консультацію</source>
        <translation>Log consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="136"/>
        <source>Нічого не знайдено за запитом «{0}»</source>
        <translation>Nothing found for “{0}”</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="163"/>
        <source>Сфера: {0}. Автор: {1}, редактор: {2}, оновлено {3}</source>
        <translation>Sphere: {0}. Author: {1}, editor: {2}, updated {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="171"/>
        <source>База знань недоступна: {0}</source>
        <translation>Knowledge base unavailable: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="189"/>
        <source>Нічого не знайдено</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="193"/>
        <source>Статей: {0}</source>
        <translation>Articles: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="198"/>
        <source>Вкажіть тему консультації</source>
        <translation>Enter the consultation topic</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="208"/>
        <source>Сервер недоступний: консультацію збережено локально, буде надіслана пізніше.</source>
        <translation>Server unavailable: the consultation is saved locally and will be sent later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="210"/>
        <source>Консультацію зафіксовано.</source>
        <translation>Consultation logged.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="19"/>
        <source>Зареєстровано</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="20"/>
        <source>В роботі</source>
        <translation>In work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="21"/>
        <source>На перевірці</source>
        <translation>Awaiting verification</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="22"/>
        <source>Закрито</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="23"/>
        <source>Скасовано</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="30"/>
        <source>Гаряча вода</source>
        <translation>Hot water</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="31"/>
        <source>Холодна вода</source>
        <translation>Cold water</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="32"/>
        <source>Опалення</source>
        <translation>Heating</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="33"/>
        <source>Електропостачання</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="34"/>
        <source>Ліфт</source>
        <translation>Lift</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="41"/>
        <source>Планові роботи</source>
        <translation>Planned works</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="42"/>
        <source>Аварійне відключення</source>
        <translation>Emergency outage</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="31"/>
        <source>Вхід до системи 1551</source>
        <translation>Sign in to 1551</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="40"/>
        <source>Ім&apos;я користувача</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="43"/>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="45"/>
        <source>Користувач SIP</source>
        <translation>SIP user</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="48"/>
        <source>Пароль SIP</source>
        <translation>SIP password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="49"/>
        <source>Користувач:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="50"/>
        <source>Пароль:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="51"/>
        <source>Користувач SIP:</source>
        <translation>SIP user:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="52"/>
        <source>Пароль SIP:</source>
        <translation>SIP password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="54"/>
        <source>Запам&apos;ятати паролі в системному сховищі</source>
        <translation>Remember passwords in the system keyring</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="64"/>
        <source>На цьому комп&apos;ютері немає системного сховища паролів: паролі не зберігаються і їх потрібно вводити на початку кожного сеансу.</source>
        <translation>This computer has no system keyring: passwords are not stored and must be entered at the start of each session.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="74"/>
        <source>Увійти</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="97"/>
        <source>Введіть ім&apos;я користувача та пароль</source>
        <translation>Enter the user name and password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="99"/>
        <source>Перевіряємо…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="123"/>
        <source>Сервер недоступний: {0}</source>
        <translation>Server unavailable: {0}</translation>
    </message>
</context>
<context>
    <name>ScreenPopPanel</name>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="102"/>
        <source>Картка абонента</source>
        <translation>Caller card</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="120"/>
        <source>Відключення та планові роботи</source>
        <translation>Outages and planned works</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="123"/>
        <source>Звернення абонента</source>
        <translation>Caller&apos;s appeals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="128"/>
        <source>Відкриті звернення за адресою</source>
        <translation>Open appeals at the address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="133"/>
        <source>Ймовірна відповідь (база знань)</source>
        <translation>Likely answer (knowledge base)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="137"/>
        <source>Відкрити статтю</source>
        <translation>Open article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="138"/>
        <source>Відкрити запропоновану статтю</source>
        <translation>Open the suggested article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="153"/>
        <source>Немає дзвінка</source>
        <translation>No call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="154"/>
        <source>Картка абонента з&apos;явиться, щойно надійде дзвінок.</source>
        <translation>The caller card appears as soon as a call comes in.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="164"/>
        <source>Завантаження історії…</source>
        <translation>Loading history…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="173"/>
        <source>Історія недоступна: немає зв&apos;язку з сервером. Звернення можна зареєструвати — воно буде надіслане пізніше.</source>
        <translation>History unavailable: no connection to the server. You can still register an appeal; it will be sent later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="186"/>
        <source>Адреси: {0}</source>
        <translation>Addresses: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="188"/>
        <source>Новий абонент: звернень з цього номера ще не було.</source>
        <translation>New caller: no appeals from this number yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="194"/>
        <source>Звернення абонента ({0})</source>
        <translation>Caller&apos;s appeals ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="196"/>
        <source>, прострочено: {0}</source>
        <translation>, overdue: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="201"/>
        <source>Відкриті звернення за адресою ({0})</source>
        <translation>Open appeals at the address ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="213"/>
        <source>Номер приховано</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="221"/>
        <source>⚠ За адресою абонента відомі відключення — надайте консультацію, нове звернення не потрібне:</source>
        <translation>⚠ Known outages at the caller&apos;s address: give a consultation, no new appeal is needed:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="225"/>
        <source>• {0}: {1}, {2} — до {3}. {4}</source>
        <translation>• {0}: {1}, {2} — until {3}. {4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="238"/>
        <source>Немає пропозицій.</source>
        <translation>No suggestions.</translation>
    </message>
</context>
<context>
    <name>ScriptsPanel</name>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="13"/>
        <source>Сценарій розмови</source>
        <translation>Call script</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="16"/>
        <source>Обрати сценарій</source>
        <translation>Choose a script</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="18"/>
        <source>Текст сценарію</source>
        <translation>Script text</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="66"/>
        <source>Сценарії не завантажено.</source>
        <translation>No call scripts loaded.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="59"/>
        <source>Параметри</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="64"/>
        <source>Сервер і телефонія</source>
        <translation>Server and telephony</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="67"/>
        <source>порожньо — вбудована демонстрація</source>
        <translation>empty: the embedded demo</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="68"/>
        <source>Адреса API:</source>
        <translation>API URL:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="71"/>
        <source>SIP-реєстратор:</source>
        <translation>SIP registrar:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="73"/>
        <source>Користувач SIP:</source>
        <translation>SIP user:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="76"/>
        <source>не змінювати</source>
        <translation>leave unchanged</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="77"/>
        <source>Пароль SIP:</source>
        <translation>SIP password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="81"/>
        <source>Транспорт:</source>
        <translation>Transport:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="84"/>
        <source>порожньо — сертифікати системи</source>
        <translation>empty — the system&apos;s certificates</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="85"/>
        <source>Файл CA для TLS:</source>
        <translation>TLS CA file:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="86"/>
        <source>Перевіряти сертифікат АТС</source>
        <translation>Verify the PBX certificate</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="88"/>
        <source>Шифрувати звук (SRTP) через TLS</source>
        <translation>Encrypt audio (SRTP) over TLS</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="97"/>
        <location filename="../../operator_app/ui/settings_dialog.py" line="99"/>
        <source>Типовий</source>
        <translation>Default</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="101"/>
        <source>Як навушники</source>
        <translation>Same as headset</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="115"/>
        <source>Рівень мікрофона</source>
        <translation>Microphone level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="116"/>
        <location filename="../../operator_app/ui/settings_dialog.py" line="117"/>
        <source>Тестовий сигнал</source>
        <translation>Test tone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="125"/>
        <source>Мікрофон:</source>
        <translation>Microphone:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="126"/>
        <source>Навушники:</source>
        <translation>Headset:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="128"/>
        <source>Дзвінок:</source>
        <translation>Ringtone:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="138"/>
        <source> с</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="140"/>
        <source>Обробка після дзвінка:</source>
        <translation>Wrap-up limit:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="145"/>
        <source>Мова інтерфейсу:</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="146"/>
        <source>Зміна мови набуде чинності після перезапуску.</source>
        <translation>A language change takes effect after a restart.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="149"/>
        <source>Гарячі клавіші</source>
        <translation>Hotkeys</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="153"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="153"/>
        <source>Утримання</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="154"/>
        <source>Завершити дзвінок</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="154"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="155"/>
        <source>Не готовий</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="155"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="156"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="156"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="234"/>
        <source>Адреса API має починатися з http:// або https://</source>
        <translation>The API URL must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="258"/>
        <source>Не вдалося зберегти налаштування: {0}</source>
        <translation>Could not save the settings: {0}</translation>
    </message>
</context>
<context>
    <name>SoftphonePanel</name>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="54"/>
        <source>Софтфон</source>
        <translation>Softphone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="60"/>
        <source>Дзвінок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="71"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="74"/>
        <source>Утримання</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="77"/>
        <source>Мікрофон вимк.</source>
        <translation>Mute</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="80"/>
        <source>Завершити</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="91"/>
        <source>Кому переадресувати</source>
        <translation>Transfer to</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="92"/>
        <source>Номер для переадресації</source>
        <translation>Transfer target number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="93"/>
        <source>Переадресувати</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="96"/>
        <source>З консультацією</source>
        <translation>Consult first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="105"/>
        <source>Набір номера / DTMF</source>
        <translation>Dial pad / DTMF</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="109"/>
        <location filename="../../operator_app/ui/softphone.py" line="110"/>
        <source>Номер для вихідного дзвінка</source>
        <translation>Number for an outgoing call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="111"/>
        <source>Подзвонити</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="120"/>
        <source>Клавіша {0}</source>
        <translation>Key {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="147"/>
        <source>SIP: не підключено</source>
        <translation>SIP: not connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="152"/>
        <source>SIP: реєстрація…</source>
        <translation>SIP: registering…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="149"/>
        <source>SIP: помилка {0} {1}</source>
        <translation>SIP: error {0} {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="154"/>
        <source>SIP: не зареєстровано</source>
        <translation>SIP: not registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="156"/>
        <source>SIP: зареєстровано, у черзі 1551</source>
        <translation>SIP: registered, in the 1551 queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="158"/>
        <source>SIP: черга 1551 недоступна ({0} {1})</source>
        <translation>SIP: 1551 queue unavailable ({0} {1})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="162"/>
        <source>SIP: зареєстровано, поза чергою</source>
        <translation>SIP: registered, out of the queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="192"/>
        <source>Немає активного дзвінка</source>
        <translation>No active call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="196"/>
        <source>Номер приховано</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="197"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="205"/>
        <source>вхідний дзвінок</source>
        <translation>incoming call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="206"/>
        <source>виклик</source>
        <translation>calling</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="207"/>
        <source>гудки</source>
        <translation>ringing</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="208"/>
        <source>з&apos;єднання</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="209"/>
        <source>розмова</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="210"/>
        <source>на утриманні</source>
        <translation>on hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="217"/>
        <source>Тривалість: --:--</source>
        <translation>Duration: --:--</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="222"/>
        <source>Тривалість: {0}</source>
        <translation>Duration: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="225"/>
        <source>Утримання: {0} (всього {1})</source>
        <translation>Hold: {0} (total {1})</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="103"/>
        <source>Контакт-центр 1551 — робоче місце оператора</source>
        <translation>Contact centre 1551 — operator workspace</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="119"/>
        <source>Не виконано вхід до системи</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="128"/>
        <source>Стан оператора</source>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="142"/>
        <source>Звернення</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="143"/>
        <location filename="../../operator_app/ui/main_window.py" line="219"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="179"/>
        <source>&amp;Програма</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="226"/>
        <source>Вийти</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="180"/>
        <source>&amp;Дзвінок</source>
        <translation>&amp;Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="181"/>
        <source>&amp;Стан</source>
        <translation>&amp;State</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="182"/>
        <source>&amp;Робота</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="183"/>
        <source>&amp;Налаштування</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="207"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="209"/>
        <source>Утримання / зняти з утримання</source>
        <translation>Hold / resume</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="211"/>
        <source>Завершити дзвінок</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="213"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="215"/>
        <source>Не готовий (перерва)</source>
        <translation>Not ready (break)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="217"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="218"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="220"/>
        <source>Параметри…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="262"/>
        <source>Контакт-центр 1551 — {0}</source>
        <translation>Contact centre 1551 — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="268"/>
        <source>Відновлено незавершене звернення</source>
        <translation>An unfinished appeal was restored</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="292"/>
        <source>«Не готовий» буде застосовано після завершення дзвінка</source>
        <translation>“Not ready” will apply once the call is over</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="294"/>
        <location filename="../../operator_app/ui/main_window.py" line="324"/>
        <source>«Не готовий» буде застосовано після обробки дзвінка</source>
        <translation>“Not ready” will apply once the wrap-up is over</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="342"/>
        <source>Стан не передано на сервер: {0}</source>
        <translation>State not sent to the server: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="351"/>
        <source>Помилка реєстрації SIP: {0}</source>
        <translation>SIP registration failed: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="365"/>
        <source>Абонент передзвонив: відновлено звернення з перерваного дзвінка</source>
        <translation>The caller rang back: the appeal from the dropped call is restored</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="437"/>
        <source>Пропущений дзвінок: абонент поклав слухавку до відповіді</source>
        <translation>Missed call: the caller hung up before an answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="470"/>
        <source>АТС: {0:.0f} мс</source>
        <translation>PBX: {0:.0f} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="472"/>
        <source>RTT медіа: {0:.0f} мс, втрати {1:.1f}%, джитер {2:.0f} мс</source>
        <translation>Media RTT: {0:.0f} ms, loss {1:.1f}%, jitter {2:.0f} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="475"/>
        <source>MOS {0:.2f}</source>
        <translation>MOS {0:.2f}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="519"/>
        <source>Консультаційний дзвінок на {0}; після розмови натисніть «З консультацією» ще раз</source>
        <translation>Consultation call to {0}; after talking press “Consult first” again</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="668"/>
        <source>Не надіслано на сервер: {0}. Дані збережено на цьому комп&apos;ютері і будуть надіслані, щойно сервер стане доступним.</source>
        <translation>Not sent to the server: {0}. The data is saved on this computer and will be sent as soon as the server is back.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="670"/>
        <source>звернення</source>
        <translation>an appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="670"/>
        <source>консультацію</source>
        <translation>a consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="671"/>
        <source>дані дзвінка</source>
        <translation>call data</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="673"/>
        <source>Сервер відхилив {0}: {1}</source>
        <translation>The server rejected {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="702"/>
        <source>Налаштування збережено. Адреса сервера, обліковий запис SIP і мова застосовуються після перезапуску.</source>
        <translation>Settings saved. The server URL, SIP account and language apply after a restart.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="714"/>
        <source>Дзвінок триває</source>
        <translation>Call in progress</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="715"/>
        <source>Дзвінок ще триває. Завершити роботу?</source>
        <translation>A call is still in progress. Quit anyway?</translation>
    </message>
</context>
</TS>
