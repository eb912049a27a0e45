//! The translation catalogue: every string a screen shows, in Simplified Chinese and English.
//!
//! Keys are an enum, and the table gives each key both languages in one line, so a missing
//! translation is a compile error rather than a blank on someone's screen.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language for a browser that prefers `tags` (navigator.languages, best first): the
    /// first one we speak. Chinese browsers (any zh-*) get Simplified Chinese; a browser that
    /// speaks neither gets English, the one a non-Chinese speaker is likelier to read.
    pub fn for_browser<S: AsRef<str>>(tags: &[S]) -> Lang {
        tags.iter().find_map(|t| Lang::from_tag(t.as_ref())).unwrap_or(Lang::En)
    }

    /// Of a text kept in both languages, the one in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The name of the language in itself, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A message of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum K { $($key),* }

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(K::$key => $zh),* },
                    Lang::En => match self { $(K::$key => $en),* },
                }
            }
        }
    };
}

messages! {
    AppName => "小店进货", "Corner Restock";
    Tagline => "批发价进货，次日送到店", "Wholesale prices, delivered to your shop tomorrow";
    NavHome => "首页", "Home";
    NavCatalogue => "分类", "Catalogue";
    NavCart => "购物车", "Cart";
    NavOrders => "订单", "Orders";
    NavClaims => "理赔", "Claims";
    NavAccount => "我的", "Me";
    Loading => "加载中…", "Loading…";
    Retry => "重试", "Try again";
    PageNotLoaded => "页面没能加载，请检查网络后重试", "This page could not be loaded: check the network and try again";
    LoadMore => "加载更多", "Load more";
    SearchPlaceholder => "搜索商品名、拼音、品牌或条码", "Search name, pinyin, brand or barcode";
    AllCategories => "全部", "All";
    InStock => "有货", "In stock";
    OutOfStock => "缺货", "Out of stock";
    PerCase => "/箱", "/case";
    PerUnit => "/件", "/unit";
    NoProducts => "没有找到相关商品", "No products match";
    FlagNew => "新品", "New";
    FlagOwnBrand => "自有品牌", "Own brand";
    FlagTrending => "网红", "Trending";
    FlagPriceGuaranteed => "贵就赔", "Price guarantee";
    NewArrivals => "新品上架", "New arrivals";
    TrendingNow => "网红爆款", "Trending now";
    SeeAll => "查看全部", "See all";
    SignInTitle => "登录", "Sign in";
    Phone => "手机号", "Phone number";
    Password => "密码", "Password";
    SignIn => "登录", "Sign in";
    SigningIn => "正在登录…", "Signing in…";
    SignOut => "退出登录", "Sign out";
    Language => "语言", "Language";
    Role => "身份", "Role";
    Shop => "店铺", "Shop";
    RoleShopOwner => "店主", "Shop owner";
    RoleSalesperson => "业务员", "Salesperson";
    RoleDispatcher => "调度员", "Dispatcher";
    RoleReviewer => "理赔审核员", "Claims reviewer";
    RoleAdmin => "管理员", "Admin";
    RoleBrandOperator => "品牌商", "Brand";
    NavBrand => "品牌数据", "Insights";
    BrandInsights => "品牌数据", "Brand insights";
    Period => "时间范围", "Period";
    ActiveShops => "动销店", "Active shops";
    ReorderingShops => "复购店", "Reordering shops";
    ReorderRate => "复购率", "Reorder rate";
    CountyShare => "县城占比", "In county towns";
    CasesOrdered => "订货箱数", "Cases ordered";
    OrderValue => "订货金额", "Order value";
    Reach => "门店覆盖", "Reach";
    ByCity => "按城市", "By city";
    ByTown => "按区县", "By county / district";
    WhatSellsWhere => "各地畅销", "What sells where";
    NoSalesYet => "这段时间还没有订货", "No orders in this period yet";
    CountyTown => "县城", "county";
    LaunchSpread => "新品铺货", "Launch spread";
    CartEmpty => "购物车是空的", "Your cart is empty";
    CartEmptyHint => "去分类里挑选商品，加入购物车", "Pick products from the catalogue to fill it";
    OrdersEmpty => "还没有订单", "No orders yet";
    OrdersEmptyHint => "下单后可以在这里跟踪配送", "Place an order to follow its delivery here";
    ClaimsEmpty => "没有理赔", "No claims";
    ClaimsEmptyHint => "贵就赔、迟就赔、过期赔、滞销赔都在这里申请", "Price, late-delivery, expiry and slow-seller guarantees are claimed here";
    GoShopping => "去进货", "Browse the catalogue";
    Offline => "网络已断开，显示的是本机保存的数据", "You are offline: showing what this device saved";
    UpdatedAgo => "数据更新于", "Updated";
    MinutesAgo => "分钟前", "min ago";
    JustNow => "刚刚", "just now";
    ErrNotSignedIn => "请先登录", "Please sign in";
    ErrForbidden => "没有权限查看", "You are not allowed to see this";
    ErrNotFound => "找不到了", "Not found";
    ErrBadCredentials => "手机号或密码不对", "Wrong phone number or password";
    ErrPhone => "请输入 11 位手机号", "Enter an 11-digit mobile number";
    ErrPasswordEmpty => "请输入密码", "Enter your password";
    ErrNetwork => "网络不好，请稍后重试", "The network is not reachable; try again shortly";
    ErrServer => "服务器出错了，请稍后重试", "Something went wrong on our side; try again shortly";
    ErrTooManyAttempts => "尝试次数太多，请稍后再试", "Too many attempts; wait a minute and try again";
    PackOf => "每箱", "Case of";
    Units => "件", "units";
    Cases => "箱", "cases";
    StockLeft => "库存", "Stock";
    Hello => "您好", "Hello";
    DemoAccounts => "演示账号", "Demo accounts";
    PageNotFound => "页面不存在", "Page not found";
    Catalogue => "商品分类", "Catalogue";
    CatDrinks => "饮料", "Drinks";
    CatSnacks => "休闲食品", "Snacks";
    CatInstant => "方便速食", "Instant food";
    CatGrainOil => "粮油调味", "Grain, oil & condiments";
    CatDairy => "乳品", "Dairy";
    CatAlcohol => "酒类", "Alcohol";
    CatPersonalCare => "个人护理", "Personal care";
    CatHousehold => "家庭清洁", "Household cleaning";
    CatPaper => "纸品", "Paper";
    CatBrewed => "冲调", "Brewed drinks";
    CatConfectionery => "糖果巧克力", "Confectionery";
    CatGeneral => "日用百货", "General merchandise";
    ErrQuantity => "数量要是正整数箱", "Quantities are whole cases, at least one";
    ErrOrderRejected => "有商品需要调整后才能下单", "Some lines need a change before this can be ordered";
    ErrBelowMinimum => "还没到起送金额 ¥200", "Below the ¥200 minimum order";
    ErrKeyReused => "这笔订单已经提交过，内容不同", "This order was already sent with different contents";
    ErrEmptyOrder => "购物车是空的", "The cart is empty";
    ErrCannotCancel => "订单已发货，不能取消", "The order has left the warehouse and can no longer be cancelled";
    StatusPlaced => "已下单", "Placed";
    StatusConfirmed => "已确认", "Confirmed";
    StatusPicking => "拣货中", "Picking";
    StatusDispatched => "已发车", "Dispatched";
    StatusOutForDelivery => "配送中", "Out for delivery";
    StatusDelivered => "已签收", "Delivered";
    StatusCancelled => "已取消", "Cancelled";
    AddToCart => "加入购物车", "Add to cart";
    InCart => "已加购", "In cart";
    Remove => "删除", "Remove";
    ClearCart => "清空购物车", "Clear cart";
    Checkout => "去结算", "Checkout";
    PlaceOrder => "提交订单", "Place order";
    Placing => "正在提交…", "Placing…";
    GoodsTotal => "商品金额", "Goods";
    UseBalance => "使用余额", "Use balance";
    Balance => "余额", "Balance";
    Payable => "货到应付", "Pay on delivery";
    PromisedOn => "承诺送达", "Promised by";
    MinOrderMissing => "距起送金额还差", "To reach the ¥200 minimum, add";
    Cheaper => "比加购时便宜", "cheaper since you added it";
    Dearer => "比加购时贵了", "dearer since you added it";
    OnlyLeft => "仅剩", "Only";
    CasesLeft => "箱", "cases left";
    NoLongerSold => "已下架", "No longer sold";
    MinCases => "起订", "Minimum";
    MaxCases => "限购", "Maximum";
    FreeCasesNote => "赠", "free";
    Outbox => "待发送的订单", "Orders waiting to send";
    OutboxWaiting => "等待网络，联网后自动提交", "Waiting for the network; sends by itself";
    OutboxSending => "正在发送…", "Sending…";
    OutboxNeedsLook => "需要您确认", "Needs your look";
    OutboxAccept => "接受调整并重新提交", "Accept the changes and send again";
    OutboxDiscard => "放弃这笔订单", "Discard this order";
    SavedOffline => "网络不通，订单已保存在手机上，联网后自动提交", "No network: the order is saved on this phone and sends by itself when the network returns";
    OrderPlaced => "下单成功", "Order placed";
    OrderNo => "订单号", "Order no.";
    Cancel => "取消订单", "Cancel order";
    OrderAgain => "再来一单", "Order again";
    Timeline => "订单进度", "Timeline";
    PlacedBy => "下单人", "Placed by";
    OnBehalf => "代下单", "on the shop's behalf";
    Lines => "商品", "Items";
    BuyAgain => "常买商品", "Buy again";
    Promotions => "促销活动", "Promotions";
    OwnBrandPicks => "自有品牌", "Own brand";
    SortPopular => "销量", "Popular";
    SortPriceAsc => "价格从低到高", "Price: low to high";
    SortPriceDesc => "价格从高到低", "Price: high to low";
    SortNewest => "最新", "Newest";
    OnlyInStock => "只看有货", "In stock only";
    FlagPromotion => "促销", "Promotion";
    QuantityBreaks => "多买优惠", "Buy more, pay less";
    FromCases => "箱起", "cases or more";
    Barcodes => "条码", "Barcodes";
    ShelfLife => "保质期", "Shelf life";
    Days => "天", "days";
    Guarantees => "保障", "Guarantees";
    GuaranteePrice => "贵就赔：送达 7 天内发现别家更便宜，差价赔给您", "Price guarantee: find it cheaper elsewhere within 7 days of delivery and get the difference";
    GuaranteeLate => "迟就赔：超过承诺日期未送达，自动赔订单金额的 5%（¥5–¥50）", "Late delivery: if it misses the promised day, 5% of the order (¥5–¥50) is credited automatically";
    GuaranteeExpiry => "过期赔：临期卖不掉过期了，过期后 30 天内可申请", "Expiry: units that expire unsold can be claimed within 30 days of the date";
    GuaranteeSlow => "滞销赔：送达后第 60–180 天卖不动可退，运费平台出", "Slow seller: unsold snacks can be returned from day 60 to day 180, shipping paid";
    GuaranteeQuality => "先行赔付：质量问题 7 天内先赔", "Quality: problems are compensated first, within 7 days";
    BackToCatalogue => "返回", "Back";
    Quantity => "数量", "Quantity";
    Decrease => "减少", "Decrease";
    Increase => "增加", "Increase";
    Total => "合计", "Total";
    ErrIllegalStep => "订单当前状态不能进行这一步", "The order cannot take that step from where it is";
    ErrNotYourStep => "这一步不由您操作", "That step is not yours to take";
    ClaimKindPriceMatch => "贵就赔", "Price guarantee";
    ClaimKindLate => "迟就赔", "Late delivery";
    ClaimKindExpiry => "过期赔", "Expiry";
    ClaimKindSlow => "滞销赔", "Slow seller";
    ClaimKindQuality => "先行赔付", "Quality";
    ClaimKindShort => "少货/破损", "Short or damaged";
    ClaimSubmitted => "已提交", "Submitted";
    ClaimInReview => "审核中", "In review";
    ClaimPickup => "已预约取件", "Pickup booked";
    ClaimCollected => "已取件", "Collected";
    ClaimApproved => "已同意", "Approved";
    ClaimRejected => "已拒绝", "Rejected";
    ClaimPaid => "已到账", "Paid";
    BalanceLedger => "余额明细", "Balance history";
    NavDispatch => "调度", "Dispatch";
    Advance => "下一步", "Next step";
    AdvanceAll => "全部下一步", "Advance all";
    Driver => "司机", "Driver";
    DriverPlaceholder => "选择司机", "Choose the driver";
    ReceiptCheck => "收货核对", "Check the delivery";
    UnitsReceived => "实收（件）", "Received (units)";
    UnitsDelivered => "应收", "Delivered";
    SignDelivery => "确认收货并签收", "Sign for delivery";
    ShortClaimed => "少货或破损的部分已提交理赔", "Missing or damaged units were claimed";
    NothingToDo => "没有要处理的订单", "Nothing waiting here";
    LedgerOpening => "期初余额", "Opening balance";
    LedgerCheckout => "下单抵扣", "Used at checkout";
    LedgerRefund => "取消退回", "Returned on cancelling";
    LedgerClaim => "理赔到账", "Compensation";
    ErrReason => "拒绝时请写明原因", "Give a reason for rejecting";
    ErrAlreadyDecided => "这笔理赔已经处理过了", "This claim was already decided";
    ErrClaimRefused => "这笔理赔不符合保障规则", "The guarantee's rules do not cover this claim";
    ErrPhotoMissing => "请拍一张照片作为凭证", "Add a photo as evidence";
    ErrPhoto => "照片格式不对或太大（支持 JPEG、PNG、WebP）", "That photo is not a JPEG, PNG or WebP picture, or is too large";
    ErrClaimText => "请填写必填项", "Fill in the required field";
    RefuseNotCovered => "这个商品不在该保障范围内", "This product is not covered by this guarantee";
    RefuseNotDelivered => "订单还没签收", "The order has not been delivered yet";
    RefuseTooEarly => "还不能申请，开放日期：", "Not open yet; it opens on";
    RefuseTooLate => "已过申请期限，截止日期：", "Too late; the window closed on";
    RefuseUnits => "数量不对，最多可申请（件）：", "Wrong number of units; at most";
    RefuseNotCheaper => "对方价格不比您买的便宜", "The competitor's price is not lower than what you paid";
    RefuseBadDate => "日期不对", "That date is not possible";
    FileClaim => "申请理赔", "File a claim";
    ClaimFor => "理赔商品", "Claim for";
    NoGuaranteeOpen => "这件商品目前没有可申请的保障", "No guarantee is open for this line today";
    ClaimAmountRules => "按规则可赔", "The rules give";
    CompetitorPlatform => "比价平台", "Competitor platform";
    CompetitorUnitPrice => "对方单价（元/件）", "Their unit price (¥ per unit)";
    SeenOn => "看到的日期", "Date seen";
    ExpiredOn => "过期日期", "Expiry date";
    UnitsField => "件数", "Units";
    WhatIsWrong => "哪里有问题", "What is wrong";
    PickupSlot => "上门取件日期（7 天内）", "Courier pickup day (within 7 days)";
    AddPhoto => "拍照或选图", "Take or choose a photo";
    DeliveryPhoto => "到货照片", "Photo at delivery";
    SuggestedOrder => "建议补货", "Suggested order";
    PeersStock => "相似的店都在卖", "Shops like yours sell";
    MyNumbers => "经营数据", "My numbers";
    Spent => "进货额", "Spent on stock";
    OrdersPlaced => "订单", "Orders";
    EstimatedMargin => "预计毛利", "Estimated margin";
    ReturnedByGuarantees => "保障赔付", "Paid back by guarantees";
    MarginNote => "毛利按已送达商品的建议零售价估算；收银记录上线后按实际销售计算。", "The margin is estimated from the suggested retail prices of what was delivered; counter sales are not recorded yet.";
    RestockedMost => "补货最勤", "Restocked most";
    RestockedMostWhy => "下单次数最多的商品：补得勤，说明卖得快。", "The products ordered on the most days: restocked often, so they sell.";
    SlowSellers => "滞销可退", "Slow sellers you can send back";
    SlowSellersWhy => "到货 60 至 180 天、之后没再进货的零食，可申请滞销赔退货退款。", "Snacks delivered 60 to 180 days ago and not reordered since: the slow-seller guarantee takes them back and refunds them.";
    NothingOrderedInPeriod => "这段时间没有进货", "Nothing ordered in this period";
    NoSlowSellers => "没有滞销商品", "No slow sellers";
    ClaimSlowSeller => "申请滞销赔", "Send back";
    ViewMyNumbers => "查看经营数据", "See my numbers";
    MyNumbersHint => "进货额、预计毛利、补货最勤、滞销可退", "Spending, margin, what you restock most, what you can send back";
    AddAllSuggested => "全部加入", "Add all";
    AddDeliveryPhoto => "拍下送到的货（可选）", "Photo of the goods (optional)";
    SubmitClaim => "提交理赔", "Submit claim";
    DraftSaved => "草稿已保存在本机", "Draft saved on this phone";
    ClaimQueued => "网络恢复后会自动提交", "It will be sent when the network returns";
    Uploading => "正在上传照片", "Uploading photos";
    ClaimsWaiting => "等待提交的理赔", "Claims waiting to be sent";
    Evidence => "凭证", "Evidence";
    Pickups => "待取件的滞销退货", "Slow-seller pickups";
    MarkCollected => "已取件", "Mark collected";
    UnitPricePaid => "进货单价", "Unit price paid";
    Details => "详情", "Details";
    Discard => "删除", "Discard";
    ErrBarcode => "这不是有效的条码（位数或校验位不对）", "That is not a valid barcode (wrong length or check digit)";
    ErrNote => "拜访备注最多 500 字", "A visit note can be at most 500 characters";
    ErrPush => "推送的门店、日期或优惠不符合规则", "The push's shops, dates or offer are not allowed";
    ErrCheckedInElsewhere => "您还在另一家店签到中：先在那家店签退，再签到这家", "You are still checked in at another shop: check out there first";
    ErrNotCheckedIn => "今天还没有在这家店签到", "You have not checked in at this shop today";
    ErrBadRequest => "请求格式不对，请刷新或更新应用后重试", "The server could not read that request; reload or update the app and try again";
    ErrTooLarge => "内容太多，服务器收不下", "That is more than the server accepts in one go";
    ErrKey => "提交编号无效，请重新提交", "The key sent with this was not valid; send it again";
    ErrTooMany => "一次最多 200 种商品，请分开下单", "At most 200 products at once; split it into several orders";
    ErrTextTooLong => "文字太长了，请精简后再提交", "That text is too long; shorten it and try again";
    ErrPeriod => "时间范围或条数超出范围（最多 90 天）", "That period or count is out of range (at most 90 days)";
    Scan => "扫码", "Scan";
    ScanHint => "把条码对准框内，保持稳定", "Hold the barcode steady inside the frame";
    ScanRestockHint => "补货模式：每扫一件，购物车加一箱", "Restock mode: every scan adds one case to the cart";
    ScanReceiptHint => "扫一件点收一件，扫箱码点收一整箱", "Each scan ticks off one unit; a case code ticks off the whole case";
    CameraDenied => "没有相机权限。请在浏览器设置里允许本网站使用相机，或在下面手动输入条码。", "The camera is not allowed. Allow this site to use the camera in the browser settings, or type the code below.";
    NoCamera => "这台设备没有可用的相机，请手动输入条码。", "No camera is available on this device; type the code below.";
    CameraStarting => "正在打开相机", "Starting the camera";
    ManualEntry => "手动输入条码", "Type the barcode";
    DigitsTyped => "位数字", "digits";
    CheckDigitOk => "校验位正确", "Check digit correct";
    CheckDigitBad => "校验位不对，请核对条码", "The check digit does not match; check the code";
    Torch => "手电筒", "Torch";
    SwitchCamera => "换个相机", "Switch camera";
    Zoom => "变焦", "Zoom";
    UnknownCode => "商品库里没有这个条码", "This code is not in the catalogue";
    AskToStock => "请平台进这个货", "Ask for it to be stocked";
    AskedToStock => "已提交进货需求，谢谢", "Thanks: your request was sent";
    AddedOneCase => "已加 1 箱", "Added 1 case";
    Ticked => "已点收", "Ticked off";
    Undo => "撤销", "Undo";
    NotOnThisOrder => "这件商品不在这张订单上", "That product is not on this order";
    LoadingDecoder => "正在加载识别器", "Loading the scanner";
    Close => "关闭", "Close";
    ScanToCheck => "扫码点收", "Scan to check";
    ScanRestock => "扫码补货", "Scan to restock";
    LookUp => "查找", "Look up";
    NavShops => "门店", "Shops";
    NavAdmin => "分配", "Assign";
    TodayVisits => "今日拜访", "Today's visits";
    CheckIn => "签到", "Check in";
    CheckOut => "签退", "Check out";
    CheckedIn => "已签到", "Checked in";
    CheckedOut => "已签退", "Checked out";
    VisitNote => "拜访记录（选填）", "Visit note (optional)";
    LastOrder => "上次下单", "Last order";
    NeverOrdered => "还没下过单", "Never ordered";
    MonthSpend => "本月进货", "This month";
    OpenClaims => "未结理赔", "Open claims";
    Dormant => "很久没下单了", "Has not ordered for a while";
    SearchShops => "搜索门店名或地址", "Search shops by name or address";
    OrderForShop => "为这家店下单", "Order for this shop";
    ChooseShopFirst => "先选一家门店，再替它下单", "Choose a shop first, then order for it";
    OrderingFor => "正在为这家店下单：", "Ordering for:";
    UsualBuys => "常买商品", "Usually buys";
    RecommendNew => "推荐新品", "New products";
    RecommendPromoted => "正在促销", "On promotion for this shop";
    RecommendNotReordered => "买过但一直没再订", "Bought before, not reordered";
    AuditTrail => "操作记录", "Audit trail";
    AuditOrderPlaced => "代下单", "Placed an order";
    AuditOrderCancelled => "取消订单", "Cancelled an order";
    AuditClaimFiled => "代提交理赔", "Filed a claim";
    AuditCheckIn => "到店签到", "Checked in";
    AuditCheckOut => "离店签退", "Checked out";
    AuditPromotionSent => "推送促销", "Sent a promotion";
    AuditProductFeatured => "推荐新品", "Featured a product";
    AuditAssigned => "分配业务员", "Assigned a salesperson";
    AuditUnassigned => "取消分配", "Unassigned a salesperson";
    AuditDeliverySigned => "代签收", "Signed for a delivery";
    PushTitle => "给门店推送促销或新品", "Send a promotion or new product to shops";
    PushProduct => "商品编号", "Product number";
    OfferPriceCut => "每箱直降（元）", "Off each case (¥)";
    OfferFreeCases => "买 N 箱赠 M 箱", "Buy N cases, get M free";
    OfferNewProduct => "新品推荐", "New product";
    BuyN => "买（箱）", "Buy (cases)";
    FreeM => "赠（箱）", "Free (cases)";
    StartsOn => "开始日期", "Starts on";
    EndsOn => "结束日期", "Ends on";
    Send => "发送", "Send";
    Sent => "已发送", "Sent";
    Assignments => "门店分配", "Shop assignments";
    FromYourSalesperson => "业务员推荐", "From your salesperson";
    SelectAnOrder => "选一张订单查看详情", "Choose an order to see it here";
    NavReview => "理赔审核", "Review";
    Approve => "同意并打款", "Approve and pay";
    Reject => "拒绝", "Reject";
    RejectReason => "拒绝原因", "Reason for rejecting";
    LateToday => "今日逾期/到期未送", "Late or due today";
    MoveToCart => "放回购物车修改", "Move back to the cart";
    SignOutBlocked => "还有订单没发送，联网发送后再退出", "Orders are still waiting to send; sign out once they have gone";
    CachedPrices => "价格为缓存，结算时以最新价格为准", "Cached prices: checkout uses the latest";
    RefuseBadPrice => "对方价格必须大于零", "The competitor's price must be above zero";
    RefuseAlreadyMatched => "这一行已经申请过贵就赔", "A price match was already claimed on this line";
    RefuseOutOfRange => "数量或金额超出范围", "A number or amount is out of range";
    ErrClaimKeyReused => "这笔理赔已经提交过，内容不同", "This claim was already sent with different contents";
    ErrClaimTextTooLong => "文字太长，最多 500 个字", "That text is too long: at most 500 characters";
    ErrClaimKey => "理赔编号无效", "That claim key is not valid";
    ErrTooManyPhotos => "照片太多或重复，最多 6 张", "Too many photos, or the same one twice: at most 6";
    ErrPhotoQuota => "今天上传的照片太多了：请先提交理赔，或明天再传", "Too many photos uploaded today: file your claims first, or upload tomorrow";
    ErrEvidenceKeyReused => "这张照片的编号已用于另一张照片，请重新拍照", "This photo's key was already used for another picture; take the photo again";
    ErrEvidenceKey => "照片编号无效", "Invalid photo key";
    Devices => "已登录的设备", "Signed-in devices";
    ThisDevice => "本机", "This device";
    SignedInAt => "登录于", "Signed in";
    LastUsed => "最近使用", "Last used";
    SignOutOthers => "退出其他所有设备", "Sign out all other devices";
    SignedOutOthers => "已退出其他设备：", "Other devices signed out: ";
    CasesReceived => "实收（箱）", "Received (cases)";
    OneCaseFewer => "少一箱", "One case fewer";
    OneCaseMore => "多一箱", "One case more";
    SomeUnitsShort => "有几件缺少或破损", "Some units missing or damaged";
    UnitsShortField => "缺少/破损（件）", "Missing or damaged (units)";
    ReceivedInAll => "合计实收", "Received in all";
    ShortInAll => "缺少或破损", "Missing or damaged";
    SigningClaimsIt => "签收时自动提交理赔", "signing files the claim";
    CountSaved => "核对结果已保存在本机", "Your count is saved on this phone";
    OrderNotAccepted => "这笔订单没有被接受", "This order was not accepted";
    SendAgain => "重新提交", "Send again";
    ClaimNotAccepted => "这份理赔没有被接受", "This claim was not accepted";
    ClaimFixHint => "可修改后重新提交，或删除", "Change it and submit again, or discard it";
    NeedsYou => "有订单或理赔需要您处理", "An order or a claim needs you";
    ErrNotKeptOnDevice => "这台手机没能保存订单，购物车还在，请重试", "This phone could not keep the order; the cart is still here, try again";
    SeeClaims => "查看理赔", "See the claims";
    ExpectedOn => "预计当天送达：", "Expected during";
    NoClaimsToReview => "没有待审核的理赔", "No claims waiting for review";
    PickList => "拣货单", "Pick list";
    CallShop => "打电话给店主", "Call the shop";
    CallDriver => "打电话给司机", "Call the driver";
    WaitingForShopToSign => "等店主签收", "Waiting for the shop to sign";
    LateCredited => "已赔付迟就赔", "Late-delivery credit paid:";
    DueToday => "今天到期，尚未赔付", "Due today, not yet compensated";
    EditOrder => "修改订单", "Change the order";
    AskEditOrder => "修改要先取消这笔订单，商品放回购物车，改好后重新下单（送达日期按新下单时间算）", "To change it, this order is cancelled and its products go back into the cart; place it again when done (the delivery day follows the new order)";
    KeepIt => "不了，返回", "No, go back";
    AskCancelOrder => "取消这笔订单？库存和余额会退回", "Cancel this order? Its stock and any balance used go back";
    AskClearCart => "清空购物车里的全部商品？", "Remove everything from the cart?";
    AskSignDelivery => "确认按上面的数量签收？签收后不能再改", "Sign for the counts above? They cannot be changed afterwards";
    AskDiscardOrder => "删除这笔没发出的订单？", "Discard this order that was not sent?";
    AskDiscardDraft => "删除这份草稿？", "Discard this draft?";
    AskApprove => "批准并按上面的金额赔付？", "Approve and pay the amount above?";
    AskAdvanceAll => "把下面所有订单都推进到下一步？", "Move every order below to its next step?";
    SignOutClaimsBlocked => "还有理赔没发送，联网发送后再退出", "Claims are still waiting to send; sign out once they have gone";
    SignOutSalesBlocked => "还有收银记录没发送，联网发送后再退出", "Counter sales are still waiting to send; sign out once they have gone";
    ErrEmptySale => "这笔收银没有商品", "This sale has no products";
    ErrSaleTime => "收银时间不对：请检查手机的日期和时间（最多补记 30 天内的）", "The sale's time is wrong: check the phone's date and time (sales up to 30 days old can be sent)";
    ErrSaleTooBig => "一笔最多 60 种商品、每种最多 999 件", "At most 60 products in one sale, and 999 units of each";
    ErrShelfCount => "盘点数量要是 0 到 99999 的整数", "A shelf count is a whole number from 0 to 99,999";
    NavCounter => "收银", "Counter";
    Counter => "收银台", "Counter";
    CounterHint => "扫商品条码记一笔销售，断网也能记", "Scan what the customer buys; works offline too";
    SaleEmpty => "还没有扫商品", "Nothing scanned yet";
    RecordSale => "记一笔", "Record sale";
    SaleRecorded => "已记下", "Sale recorded";
    SaleSaved => "已存在本机，联网后自动发送", "Saved on this phone; it sends itself when online";
    SalesWaiting => "笔收银待发送", "sales waiting to send";
    SalesToday => "今日收银", "Today at the counter";
    NotOnShelf => "这个条码不在您的货架上（没有从本平台进过）", "This code is not on your shelf (never delivered from us)";
    Shelf => "货架库存", "On the shelf";
    ShelfEmpty => "还没有到货的商品", "Nothing delivered yet";
    OnShelf => "在架", "On shelf";
    SellsPerDay => "日均卖出", "Sells a day";
    DaysLeft => "约可卖", "Lasts about";
    DaysUnit => "天", "days";
    SellThrough => "动销率", "Sell-through";
    ReorderNow => "建议补货", "Reorder";
    ReorderWhy => "按近 28 天的卖出速度，到货前会卖完", "At the last 28 days' rate it runs out before a delivery would arrive";
    SlowOnShelf => "14 天没卖出", "No sale in 14 days";
    ExpiresOn => "到期", "Expires";
    BatchExpired => "已过期", "Expired";
    ClaimExpiry => "申请过期赔", "Claim for the expired units";
    ClaimSlow => "申请滞销赔", "Send back as a slow seller";
    Oversold => "卖出比进货多：请盘点", "Sold more than delivered: count the shelf";
    CountShelf => "盘点", "Count";
    ShelfCountSaved => "盘点已保存", "Count saved";
    UnitsCounted => "实际件数", "Units on the shelf";
    OneUnitFewer => "少一件", "One unit fewer";
    OneUnitMore => "多一件", "One unit more";
    SaleTotal => "合计（建议零售价）", "Total (suggested retail)";
    ErrPromotion => "每箱减价要大于 0 且低于箱价，1–30 天，预算至少够一箱、最多 ¥1,000,000", "The cut must be above 0 and below the case price, for 1–30 days, with a budget for at least one case and at most ¥1,000,000";
    ErrLaunch => "上新要 1–30 天，城市名不能为空或太长", "A launch runs 1–30 days, and a city name cannot be blank or too long";
    LaunchTo => "上新推给门店", "Launch to shops";
    LaunchToWhy => "符合条件的门店会在首页看到这个商品", "Every shop the target picks sees the product on its home screen";
    AnyCity => "所有城市（或填城市名）", "Every city (or type one)";
    AnyTown => "县城和城区", "County towns and districts";
    CountyTowns => "只推县城", "County towns only";
    CityDistricts => "只推城区", "City districts only";
    AnyShopKind => "所有门店类型", "Every kind of shop";
    StartLaunch => "推送上新", "Launch";
    BrandTeam => "品牌业务员和负责的门店", "The brand's salespeople and their shops";
    NoBrandTeam => "还没有品牌业务员", "No salespeople for the brand yet";
    VisitsIn30Days => "次拜访（30 天）", "visits in 30 days";
    KindConvenience => "便利店", "Convenience stores";
    KindGrocery => "副食店", "Groceries";
    KindTobacco => "烟酒店", "Tobacco and liquor shops";
    KindSupermarket => "小超市", "Small supermarkets";
    KindKiosk => "小卖部", "Kiosks";
    Launched => "已推送到门店：", "Launched to shops: ";
    InCountyTowns => "在县城", "in county towns";
    BrandPromotions => "品牌促销", "Brand promotions";
    BrandPromotionsWhy => "每箱减价，所有门店可见；预算用完即自动停止，取消的订单退回预算", "A cut per case for every shop; it stops by itself when the budget is spent, and cancelled orders give it back";
    OffPerCase => "每箱减（元）", "Off per case (¥)";
    PromoDays => "天数", "Days";
    PromoBudget => "预算（元）", "Budget (¥)";
    StartPromotion => "开始促销", "Start the promotion";
    PromotionStarted => "促销已开始", "Promotion started";
    BudgetSpent => "已用", "Spent";
    BudgetLeft => "剩余", "Left";
    PromoLive => "进行中", "Running";
    CaseUnit => "箱", "case";
    PromoStopped => "已停止", "Stopped";
    BestSellersAtCounter => "收银卖得最多", "Best sellers at the counter";
    CounterTakings => "收银额（按建议零售价）", "Takings (at suggested retail)";
}

/// "3 分钟前" / "3 min ago"; "刚刚" / "just now" under a minute.
pub fn minutes_ago(lang: Lang, minutes: i64) -> String {
    if minutes < 1 {
        return K::JustNow.text(lang).to_owned();
    }
    match lang {
        Lang::Zh => format!("{minutes} {}", K::MinutesAgo.text(lang)),
        Lang::En => format!("{minutes} {}", K::MinutesAgo.text(lang)),
    }
}

/// "近 30 天" / "30 days": a period chip.
pub fn last_days(lang: Lang, d: i64) -> String {
    match lang {
        Lang::Zh => format!("近 {d} 天"),
        Lang::En => format!("{d} days"),
    }
}

/// A share in thousandths as a percentage with one decimal ("45.3%", "-11.2%").
pub fn percent(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let p = permille.unsigned_abs();
    format!("{sign}{}.{}%", p / 10, p % 10)
}

/// "12 箱" / "12 cases", "1 case".
pub fn cases(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{n} 箱"),
        Lang::En if n == 1 || n == -1 => format!("{n} case"),
        Lang::En => format!("{n} cases"),
    }
}

/// "12 件" / "12 units", "1 unit".
pub fn units(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{n} 件"),
        Lang::En if n == 1 || n == -1 => format!("{n} unit"),
        Lang::En => format!("{n} units"),
    }
}

/// "3 笔" / "3 sales": how many counter sales.
pub fn sales(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{n} 笔"),
        Lang::En if n == 1 => format!("{n} sale"),
        Lang::En => format!("{n} sales"),
    }
}

/// "3 种商品" / "3 products": how many different products (not units, not cases).
pub fn products(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 种商品"),
        Lang::En if n == 1 => "1 product".to_owned(),
        Lang::En => format!("{n} products"),
    }
}

/// "您好，芳芳便利店" / "Hello, Corner Shop": each language with its own comma.
pub fn greeting(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("{}，{name}", K::Hello.text(lang)),
        Lang::En => format!("{}, {name}", K::Hello.text(lang)),
    }
}

/// "库存 12 箱" / "Stock 12 cases".
pub fn stock_cases(lang: Lang, n: i64) -> String {
    format!("{} {}", K::StockLeft.text(lang), cases(lang, n))
}

/// "每箱 24 件" / "Case of 24 units".
pub fn pack_of(lang: Lang, units: i64) -> String {
    format!("{} {units} {}", K::PackOf.text(lang), K::Units.text(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_browsers_get_chinese_others_english() {
        assert_eq!(Lang::for_browser(&["zh-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["zh-TW"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["en-GB", "zh-CN"]), Lang::En);
        assert_eq!(Lang::for_browser(&["fr-FR", "zh"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["fr-FR"]), Lang::En);
        assert_eq!(Lang::for_browser::<&str>(&[]), Lang::En);
    }

    #[test]
    fn counts_read_as_each_language_says_them() {
        assert_eq!(cases(Lang::En, 1), "1 case");
        assert_eq!(cases(Lang::En, 2), "2 cases");
        assert_eq!(cases(Lang::Zh, 2), "2 箱");
        assert_eq!(units(Lang::En, 1), "1 unit");
        assert_eq!(products(Lang::Zh, 3), "3 种商品");
        assert_eq!(products(Lang::En, 1), "1 product");
        assert_eq!(greeting(Lang::En, "Fang"), "Hello, Fang");
        assert_eq!(greeting(Lang::Zh, "芳芳"), "您好，芳芳");
        assert_eq!(format!("{} {}", K::MinCases.text(Lang::En), cases(Lang::En, 1)), "Minimum 1 case");
    }

    #[test]
    fn every_message_is_translated_and_chinese_is_chinese() {
        for k in K::ALL {
            let (zh, en) = (k.text(Lang::Zh), k.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty(), "{k:?}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{k:?} English has Chinese");
        }
        assert!(K::ALL.iter().filter(|k| k.text(Lang::Zh) == k.text(Lang::En)).count() == 0);
    }
}
