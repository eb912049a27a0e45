//! The demo catalogue's vocabulary: real-looking brands, products, flavours and pack specs for each
//! of the twelve core categories. The generator combines them deterministically.

use crate::catalogue::Category;

pub type Pair = (&'static str, &'static str);

/// A pack spec: the text on the pack, units per case, and the unit's wholesale price range in fen.
pub struct Spec {
    pub text: Pair,
    pub pack: i64,
    pub unit_fen: (i64, i64),
}

pub struct Line {
    pub category: Category,
    pub brands: &'static [Pair],
    pub products: &'static [Pair],
    pub variants: &'static [Pair],
    pub specs: &'static [Spec],
    /// Shelf life in days for food; `None` for non-food.
    pub shelf_life_days: Option<i64>,
}

/// The platform's own brand (自有品牌).
pub const OWN_BRAND: Pair = ("惠选", "Huixuan");

/// Editions that multiply the catalogue when a benchmark asks for far more SKUs than the plain
/// combinations give; the first, empty one is the everyday pack.
pub const EDITIONS: &[Pair] = &[
    ("", ""),
    ("量贩装", "Value Pack"),
    ("家庭装", "Family Pack"),
    ("尝鲜装", "Trial Pack"),
    ("礼盒装", "Gift Box"),
    ("组合装", "Multipack"),
    ("升级版", "New Formula"),
    ("限定款", "Limited Edition"),
];

const fn spec(zh: &'static str, en: &'static str, pack: i64, lo: i64, hi: i64) -> Spec {
    Spec { text: (zh, en), pack, unit_fen: (lo, hi) }
}

pub const LINES: &[Line] = &[
    Line {
        category: Category::Drinks,
        brands: &[("农夫山泉", "Nongfu Spring"), ("怡宝", "C'estbon"), ("可口可乐", "Coca-Cola"), ("百事", "Pepsi"), ("元气森林", "Genki Forest"), ("王老吉", "Wong Lo Kat"), ("娃哈哈", "Wahaha"), ("统一", "Uni-President"), ("康师傅", "Master Kong"), ("东鹏", "Eastroc"), OWN_BRAND],
        products: &[("矿泉水", "Mineral Water"), ("苏打气泡水", "Sparkling Water"), ("冰红茶", "Iced Black Tea"), ("绿茶", "Green Tea"), ("果汁饮料", "Fruit Drink"), ("凉茶", "Herbal Tea"), ("能量饮料", "Energy Drink"), ("汽水", "Soda")],
        variants: &[("", ""), ("柠檬味", "Lemon"), ("白桃味", "White Peach"), ("青柠味", "Lime"), ("无糖", "Sugar-free"), ("蜂蜜味", "Honey"), ("荔枝味", "Lychee"), ("西柚味", "Grapefruit")],
        specs: &[spec("550ml", "550 ml", 24, 110, 260), spec("330ml", "330 ml can", 24, 150, 320), spec("1.5L", "1.5 L", 12, 280, 560), spec("250ml", "250 ml", 24, 120, 300)],
        shelf_life_days: Some(365),
    },
    Line {
        category: Category::Snacks,
        brands: &[("乐事", "Lay's"), ("好丽友", "Orion"), ("三只松鼠", "Three Squirrels"), ("良品铺子", "Bestore"), ("卫龙", "Weilong"), ("旺旺", "Want Want"), ("盼盼", "Panpan"), ("达利园", "Daliyuan"), ("百草味", "Be&Cheery"), ("洽洽", "ChaCheer"), OWN_BRAND],
        products: &[("薯片", "Potato Chips"), ("辣条", "Spicy Strips"), ("雪饼", "Rice Crackers"), ("小面包", "Soft Bread"), ("每日坚果", "Daily Nuts"), ("瓜子", "Sunflower Seeds"), ("饼干", "Biscuits"), ("蛋黄派", "Custard Pie"), ("海苔", "Seaweed Snack")],
        variants: &[("原味", "Original"), ("香辣味", "Hot & Spicy"), ("番茄味", "Tomato"), ("黄瓜味", "Cucumber"), ("烧烤味", "Barbecue"), ("焦糖味", "Caramel"), ("山核桃味", "Pecan"), ("芝士味", "Cheese")],
        specs: &[spec("70g", "70 g", 22, 350, 650), spec("40g", "40 g", 50, 150, 300), spec("160g", "160 g", 12, 700, 1200)],
        shelf_life_days: Some(270),
    },
    Line {
        category: Category::Instant,
        brands: &[("康师傅", "Master Kong"), ("统一", "Uni-President"), ("今麦郎", "Jinmailang"), ("白象", "Baixiang"), ("日清", "Nissin"), ("五谷道场", "Wugudaochang"), ("好欢螺", "Haohuanluo"), ("自嗨锅", "Zihaiguo"), OWN_BRAND],
        products: &[("方便面", "Instant Noodles"), ("桶面", "Cup Noodles"), ("螺蛳粉", "River Snail Noodles"), ("自热火锅", "Self-heating Hotpot"), ("火腿肠", "Ham Sausage"), ("粉丝", "Vermicelli")],
        variants: &[("红烧牛肉", "Braised Beef"), ("老坛酸菜", "Pickled Cabbage"), ("香辣牛肉", "Spicy Beef"), ("鲜虾鱼板", "Shrimp & Fish Cake"), ("藤椒", "Green Pepper"), ("番茄鸡蛋", "Tomato & Egg"), ("麻辣", "Mala"), ("海鲜", "Seafood")],
        specs: &[spec("105g", "105 g", 24, 250, 420), spec("桶装", "cup", 12, 420, 650), spec("5连包", "5-pack", 6, 1150, 1800)],
        shelf_life_days: Some(180),
    },
    Line {
        category: Category::GrainOil,
        brands: &[("金龙鱼", "Arawana"), ("福临门", "Fortune"), ("鲁花", "Luhua"), ("海天", "Haitian"), ("李锦记", "Lee Kum Kee"), ("太太乐", "Totole"), ("老干妈", "Lao Gan Ma"), ("千禾", "Qianhe"), ("恒顺", "Hengshun"), OWN_BRAND],
        products: &[("大米", "Rice"), ("花生油", "Peanut Oil"), ("调和油", "Blended Oil"), ("生抽", "Light Soy Sauce"), ("老抽", "Dark Soy Sauce"), ("香醋", "Aromatic Vinegar"), ("鸡精", "Chicken Bouillon"), ("辣椒酱", "Chili Sauce"), ("挂面", "Dried Noodles")],
        variants: &[("", ""), ("特级", "Premium"), ("零添加", "No Additives"), ("有机", "Organic"), ("减盐", "Low Salt"), ("东北", "Northeast")],
        specs: &[spec("500ml", "500 ml", 12, 550, 1300), spec("5L", "5 L", 4, 5500, 9800), spec("5kg", "5 kg", 4, 2800, 5200), spec("1kg", "1 kg", 10, 700, 1500)],
        shelf_life_days: Some(540),
    },
    Line {
        category: Category::Dairy,
        brands: &[("伊利", "Yili"), ("蒙牛", "Mengniu"), ("光明", "Bright Dairy"), ("君乐宝", "Junlebao"), ("旺仔", "Want Want"), ("认养一头牛", "Renyang Yitouniu"), ("安慕希", "Ambrosial"), ("纯甄", "Chunzhen"), OWN_BRAND],
        products: &[("纯牛奶", "Whole Milk"), ("酸奶", "Yogurt"), ("早餐奶", "Breakfast Milk"), ("高钙奶", "High-calcium Milk"), ("儿童奶", "Kids' Milk"), ("乳酸菌饮品", "Probiotic Drink")],
        variants: &[("", ""), ("原味", "Plain"), ("草莓味", "Strawberry"), ("香蕉味", "Banana"), ("低脂", "Low-fat"), ("核桃味", "Walnut"), ("麦香", "Malt")],
        specs: &[spec("250ml", "250 ml", 24, 220, 450), spec("200g", "200 g", 12, 380, 650), spec("1L", "1 L", 6, 900, 1500)],
        shelf_life_days: Some(180),
    },
    Line {
        category: Category::Alcohol,
        brands: &[("青岛啤酒", "Tsingtao"), ("雪花", "Snow"), ("百威", "Budweiser"), ("燕京", "Yanjing"), ("哈尔滨", "Harbin"), ("牛栏山", "Niulanshan"), ("红星", "Red Star"), ("江小白", "Jiang Xiaobai"), ("古越龙山", "Guyue Longshan")],
        products: &[("啤酒", "Beer"), ("纯生啤酒", "Draft Beer"), ("二锅头", "Erguotou"), ("白酒", "Baijiu"), ("黄酒", "Yellow Wine"), ("果酒", "Fruit Wine")],
        variants: &[("", ""), ("经典", "Classic"), ("清爽", "Light"), ("精酿", "Craft"), ("陈酿", "Aged"), ("42度", "42%"), ("白桃", "White Peach")],
        specs: &[spec("500ml", "500 ml", 12, 350, 2200), spec("330ml", "330 ml can", 24, 300, 650), spec("100ml", "100 ml", 24, 600, 1500)],
        shelf_life_days: Some(365),
    },
    Line {
        category: Category::PersonalCare,
        brands: &[("舒肤佳", "Safeguard"), ("海飞丝", "Head & Shoulders"), ("高露洁", "Colgate"), ("云南白药", "Yunnan Baiyao"), ("佳洁士", "Crest"), ("飘柔", "Rejoice"), ("六神", "Liushen"), ("大宝", "Dabao"), ("清扬", "Clear"), OWN_BRAND],
        products: &[("香皂", "Soap"), ("沐浴露", "Body Wash"), ("洗发水", "Shampoo"), ("牙膏", "Toothpaste"), ("牙刷", "Toothbrush"), ("花露水", "Floral Water"), ("面霜", "Face Cream"), ("洗手液", "Hand Wash")],
        variants: &[("", ""), ("清爽", "Fresh"), ("薄荷", "Mint"), ("去屑", "Anti-dandruff"), ("柠檬", "Lemon"), ("草本", "Herbal"), ("滋润", "Moisturising")],
        specs: &[spec("100g", "100 g", 48, 450, 1200), spec("400ml", "400 ml", 12, 1500, 3200), spec("200ml", "200 ml", 24, 900, 1900)],
        shelf_life_days: None,
    },
    Line {
        category: Category::Household,
        brands: &[("立白", "Liby"), ("蓝月亮", "Blue Moon"), ("超能", "Chaoneng"), ("威露士", "Walch"), ("滴露", "Dettol"), ("奥妙", "OMO"), ("雕牌", "Diao"), ("白猫", "White Cat"), OWN_BRAND],
        products: &[("洗衣液", "Laundry Liquid"), ("洗衣粉", "Washing Powder"), ("洗洁精", "Dish Soap"), ("消毒液", "Disinfectant"), ("洁厕灵", "Toilet Cleaner"), ("垃圾袋", "Bin Bags"), ("洗衣凝珠", "Laundry Pods")],
        variants: &[("", ""), ("薰衣草", "Lavender"), ("柠檬", "Lemon"), ("除菌", "Antibacterial"), ("深层洁净", "Deep Clean"), ("护色", "Colour Care")],
        specs: &[spec("2kg", "2 kg", 6, 2200, 3900), spec("1kg", "1 kg", 12, 1200, 2200), spec("500g", "500 g", 20, 500, 1100)],
        shelf_life_days: None,
    },
    Line {
        category: Category::Paper,
        brands: &[("维达", "Vinda"), ("清风", "Breeze"), ("心相印", "Hearttex"), ("洁柔", "C&S"), ("植护", "Zhihu"), ("舒洁", "Kleenex"), OWN_BRAND],
        products: &[("抽纸", "Facial Tissues"), ("卷纸", "Toilet Rolls"), ("手帕纸", "Pocket Tissues"), ("湿巾", "Wet Wipes"), ("厨房纸", "Kitchen Towels")],
        variants: &[("", ""), ("3层", "3-ply"), ("4层", "4-ply"), ("无香", "Unscented"), ("柔韧", "Extra Soft"), ("竹浆", "Bamboo")],
        specs: &[spec("10包", "10 packs", 6, 1500, 2800), spec("12卷", "12 rolls", 6, 2000, 3600), spec("18包", "18 packs", 8, 600, 1200)],
        shelf_life_days: None,
    },
    Line {
        category: Category::Brewed,
        brands: &[("雀巢", "Nestlé"), ("立顿", "Lipton"), ("香飘飘", "Xiangpiaopiao"), ("南方黑芝麻", "Nanfang"), ("桂格", "Quaker"), ("麦斯威尔", "Maxwell House"), ("西麦", "Seamild"), OWN_BRAND],
        products: &[("速溶咖啡", "Instant Coffee"), ("奶茶", "Milk Tea"), ("红茶包", "Black Tea Bags"), ("燕麦片", "Oatmeal"), ("黑芝麻糊", "Black Sesame Paste"), ("豆奶粉", "Soy Milk Powder")],
        variants: &[("", ""), ("原味", "Original"), ("香草", "Vanilla"), ("无蔗糖", "No Added Sugar"), ("红豆", "Red Bean"), ("椰香", "Coconut")],
        specs: &[spec("30条", "30 sticks", 12, 2800, 5200), spec("80g", "80 g", 30, 350, 650), spec("1kg", "1 kg", 6, 1800, 3500)],
        shelf_life_days: Some(365),
    },
    Line {
        category: Category::Confectionery,
        brands: &[("德芙", "Dove"), ("大白兔", "White Rabbit"), ("阿尔卑斯", "Alpenliebe"), ("益达", "Extra"), ("绿箭", "Doublemint"), ("士力架", "Snickers"), ("金丝猴", "Golden Monkey"), ("徐福记", "Hsu Fu Chi"), ("费列罗", "Ferrero")],
        products: &[("巧克力", "Chocolate"), ("奶糖", "Milk Candy"), ("棒棒糖", "Lollipops"), ("口香糖", "Chewing Gum"), ("软糖", "Gummies"), ("花生夹心巧克力", "Peanut Chocolate Bar")],
        variants: &[("", ""), ("丝滑牛奶", "Silky Milk"), ("黑巧", "Dark"), ("草莓", "Strawberry"), ("薄荷", "Mint"), ("焦糖", "Caramel"), ("混合水果", "Mixed Fruit")],
        specs: &[spec("43g", "43 g", 24, 450, 850), spec("散装500g", "500 g bulk", 10, 1800, 3600), spec("12粒", "12 pieces", 20, 700, 1300)],
        shelf_life_days: Some(300),
    },
    Line {
        category: Category::General,
        brands: &[("南孚", "Nanfu"), ("得力", "Deli"), ("晨光", "M&G"), ("妙洁", "Miaojie"), ("美丽雅", "Meiliya"), ("天堂", "Paradise"), ("公牛", "Bull"), OWN_BRAND],
        products: &[("电池", "Batteries"), ("打火机", "Lighters"), ("中性笔", "Gel Pens"), ("保鲜袋", "Food Bags"), ("一次性手套", "Disposable Gloves"), ("雨伞", "Umbrella"), ("插线板", "Power Strip"), ("衣架", "Clothes Hangers")],
        variants: &[("", ""), ("5号", "AA"), ("7号", "AAA"), ("加厚", "Heavy-duty"), ("黑色", "Black"), ("多彩", "Assorted")],
        specs: &[spec("4粒", "4-pack", 20, 600, 1400), spec("10只", "10-pack", 20, 300, 900), spec("单只", "single", 12, 1200, 3500)],
        shelf_life_days: None,
    },
];
